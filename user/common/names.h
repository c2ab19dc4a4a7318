/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one rule for names of switches, ports and NICs. */
#ifndef VSW_NAMES_H
#define VSW_NAMES_H

#include <stdbool.h>

/* Names are used as interface and pin-directory names: 1..15 characters
 * of [A-Za-z0-9_.-], not starting with '.' (no "." or ".."). */
#define VSW_NAME_CHARS_HELP "1-15 characters of A-Z a-z 0-9 _ . -, not starting with '.'"

bool vsw_name_valid(const char *name);

#endif /* VSW_NAMES_H */
