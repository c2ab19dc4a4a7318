/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The MACs the tests' frames use, as text for frame_build() and
 * mac_parse() (testlib.h): three hosts, locally administered, and the
 * broadcast address.
 */
#ifndef VSW_TEST_MACS_H
#define VSW_TEST_MACS_H

#define A "02:00:00:00:00:0a"
#define B "02:00:00:00:00:0b"
#define C "02:00:00:00:00:0c"
#define BCAST "ff:ff:ff:ff:ff:ff"

#endif /* VSW_TEST_MACS_H */
