/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vswd's configuration on disk: <state-dir>/vswd.json, written atomically
 * (temp file, fsync, rename, fsync of the directory). A file that does not
 * parse or does not follow the model's rules is reported and left alone:
 * vswd refuses to start rather than replace it with an empty config.
 * Learned state (FDB, counters) lives in the pinned maps, not here.
 */
#ifndef VSW_STATE_H
#define VSW_STATE_H

#include "errmsg.h"
#include "model.h"

#define VSW_STATE_FILE "vswd.json"
#define VSW_STATE_VERSION 1

int state_save(const struct model *m, const char *dir, struct vsw_err *err);

/* state_save() in two halves, so that the writing (and its fsyncs) can
 * happen off the daemon's loop: the model as the file's text (malloc'd,
 * its length in *len if len; NULL when out of memory), and the text
 * written atomically into dir. A failed write leaves the previous file
 * as it was. */
char *state_render(const struct model *m, size_t *len);
int state_write(const char *dir, const char *text, struct vsw_err *err);

/* -ENOSPC, with a message for the operator, unless dir's filesystem has
 * need bytes and an inode free for this process. */
int state_room(const char *dir, size_t need, struct vsw_err *err);

/* Fill an empty model from dir (no file: nothing, 0). Objects only: the
 * caller then runs model_reconcile() to meet the kernel. */
int state_load(struct model *m, const char *dir, struct vsw_err *err);

#endif /* VSW_STATE_H */
