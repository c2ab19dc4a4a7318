/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The version vswd reports (VERSION command, vsw_build_info metric). */
#ifndef VSW_VERSION_H
#define VSW_VERSION_H

#ifndef VSW_VERSION_STRING
#define VSW_VERSION_STRING "0.1"
#endif

#endif /* VSW_VERSION_H */
