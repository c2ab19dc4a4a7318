// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The configuration saved by a thread (state_saver.h). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "state.h"
#include "state_saver.h"

/* The most one change adds to the file (a request is at most
 * VSW_CTL_MSG_MAX bytes; its JSON is a few times that at worst). */
#define CHANGE_GROWTH_MAX (4 * VSW_CTL_MSG_MAX)

struct state_saver {
	char *dir;
	pthread_t thread;
	bool started;
	int efd;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* Under lock: the text for the thread, and what it did last. */
	char *text;
	__u64 text_gen;
	bool stop;
	__u64 done_gen;
	int done_ret;
	struct vsw_err done_err;
	/* The loop's own. */
	bool busy;        /* the thread has a text, or its result is not collected */
	__u64 gen;        /* changes submitted */
	__u64 handed;     /* the generation the thread has, or had last */
	size_t last_len;
};

static void *saver_thread(void *arg)
{
	struct state_saver *s = arg;
	struct vsw_err err = { "" };
	__u64 one = 1, gen;
	char *text;
	int ret;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->text && !s->stop)
			pthread_cond_wait(&s->cond, &s->lock);
		if (!s->text)
			break;
		text = s->text;
		gen = s->text_gen;
		s->text = NULL;
		pthread_mutex_unlock(&s->lock);
		ret = state_write(s->dir, text, &err);
		free(text);
		pthread_mutex_lock(&s->lock);
		s->done_gen = gen;
		s->done_ret = ret;
		s->done_err = err;
		if (write(s->efd, &one, sizeof(one)) < 0) {
			/* The counter cannot overflow at one write per save. */
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int state_saver_open(const char *dir, struct state_saver **out)
{
	struct state_saver *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -ENOMEM;
	s->dir = strdup(dir);
	s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	if (!s->dir || s->efd < 0) {
		err = s->dir ? -errno : -ENOMEM;
		state_saver_close(s, NULL, NULL);
		return err;
	}
	err = -pthread_create(&s->thread, NULL, saver_thread, s);
	if (err) {
		state_saver_close(s, NULL, NULL);
		return err;
	}
	s->started = true;
	*out = s;
	return 0;
}

int state_saver_fd(const struct state_saver *s)
{
	return s->efd;
}

size_t state_saver_need(const struct state_saver *s)
{
	return s->last_len + CHANGE_GROWTH_MAX;
}

/* Give the thread the model as it is now: generation s->gen. */
static void hand_off(struct state_saver *s, const struct model *m)
{
	char *text = state_render(m, &s->last_len);
	__u64 one = 1;

	pthread_mutex_lock(&s->lock);
	if (text) {
		s->text = text;
		s->text_gen = s->gen;
		pthread_cond_signal(&s->cond);
	} else {
		/* Nothing to write: finish the generation with the error. */
		s->done_gen = s->gen;
		s->done_ret = vsw_errf(&s->done_err, -ENOMEM,
				       "cannot save the configuration: out of memory");
		if (write(s->efd, &one, sizeof(one)) < 0) {
			/* as in the thread */
		}
	}
	pthread_mutex_unlock(&s->lock);
	s->handed = s->gen;
	s->busy = true;
}

__u64 state_saver_submit(struct state_saver *s, const struct model *m)
{
	s->gen++;
	if (!s->busy)
		hand_off(s, m);
	return s->gen;
}

int state_saver_collect(struct state_saver *s, const struct model *m, __u64 *gen,
			struct vsw_err *err)
{
	__u64 count;
	int ret;

	if (read(s->efd, &count, sizeof(count)) < 0)
		return -EAGAIN; /* nothing finished */
	pthread_mutex_lock(&s->lock);
	*gen = s->done_gen;
	ret = s->done_ret;
	if (err)
		*err = s->done_err;
	pthread_mutex_unlock(&s->lock);
	s->busy = false;
	if (s->gen > s->handed)
		hand_off(s, m);
	return ret;
}

int state_saver_close(struct state_saver *s, const struct model *m, struct vsw_err *err)
{
	int ret = 0;

	if (!s)
		return 0;
	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_signal(&s->cond);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		ret = s->done_ret;
		if (err)
			*err = s->done_err;
		/* Changes the thread did not get to, or a text it left. */
		free(s->text);
		if (m && s->gen > s->done_gen)
			ret = state_save(m, s->dir, err);
	}
	if (s->efd >= 0)
		close(s->efd);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s->dir);
	free(s);
	return ret;
}
