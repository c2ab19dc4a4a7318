/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Saving the configuration off the daemon's loop. A save is two fsyncs
 * (the file, its directory): tens of milliseconds on a busy disk, during
 * which a daemon that saved in its loop would answer nobody. Here the
 * loop renders the model to text (state_render(), fast) and a thread of
 * the saver writes it (state_write()); the loop learns of each finished
 * save through an fd. Changes made while a save runs go out together in
 * the next one (group commit): each change gets a generation number, and
 * a finished save covers every generation up to its own.
 */
#ifndef VSW_STATE_SAVER_H
#define VSW_STATE_SAVER_H

#include <linux/types.h>
#include "errmsg.h"
#include "model.h"

struct state_saver;

/* Start the thread that writes into dir. 0 or -errno. */
int state_saver_open(const char *dir, struct state_saver **out);
/* Readable when a save finished: then call state_saver_collect(). */
int state_saver_fd(const struct state_saver *s);
/* The model changed: returns the generation a save must reach to hold
 * the change. Renders m now if the thread is idle, else when it is. */
__u64 state_saver_submit(struct state_saver *s, const struct model *m);
/* The save that finished: *gen is the generation it holds, the result
 * is returned (0, or -errno with err->msg). Hands the thread the model
 * as it is now if changes came meanwhile. */
int state_saver_collect(struct state_saver *s, const struct model *m, __u64 *gen,
			struct vsw_err *err);
/* Bytes the next save may need on the disk (the last text plus what
 * one change may add), for a check before a change. */
size_t state_saver_need(const struct state_saver *s);
/* Write what is not saved yet, stop the thread, free. Accepts NULL.
 * Returns the last save's result. */
int state_saver_close(struct state_saver *s, const struct model *m, struct vsw_err *err);

#endif /* VSW_STATE_SAVER_H */
