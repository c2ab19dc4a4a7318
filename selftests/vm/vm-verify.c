// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vm-verify OBJECT...: what the running kernel's verifier says about each
 * program of each BPF object, one program at a time, for the kernel matrix
 * (selftests/vm/check-kernels.sh). One line per program:
 *
 *   OBJECT PROGRAM loaded INSNS
 *   OBJECT PROGRAM refused: LAST LINES OF THE VERIFIER LOG
 *
 * Each program is loaded alone (every other program of its object has
 * autoload off), first with statistics only (log level 4); a refused one is
 * loaded again with log level 1 so that the reason can be shown. Maps are
 * created, never pinned (the object's pinning is cleared). Exits 0 when every program loaded, 1 otherwise.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#define STATS_LOG_SIZE (1U << 20)
#define FULL_LOG_SIZE (64U << 20)
#define TAIL_LINES 3

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

/* The last TAIL_LINES non-empty lines of log, joined by " | ". */
static void print_tail(const char *log)
{
	const char *end = log + strlen(log), *p = end;
	int lines = 0;

	while (p > log && (p[-1] == '\n' || p[-1] == ' '))
		p--;
	end = p;
	/* The closing statistics line says nothing about why. */
	while (p > log && p[-1] != '\n')
		p--;
	if (!strncmp(p, "processed ", strlen("processed ")) && p > log)
		end = p - 1;
	p = end;
	while (p > log && lines < TAIL_LINES) {
		p--;
		if (*p == '\n' && p + 1 < end)
			lines++;
	}
	if (*p == '\n')
		p++;
	for (; p < end; p++)
		fputs(*p == '\n' ? " | " : (char[]){ *p, 0 }, stdout);
}

/* Load program index idx of path alone at log level; 0 or -errno. */
static int load_one(const char *path, int idx, __u32 level, char *log, size_t size,
		    const char **name_out)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog, *self = NULL;
	struct bpf_map *map;
	int i = 0, err;

	if (!obj)
		return -errno;
	/* Never pin: the object's maps say pin by name, under /sys/fs/bpf. */
	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);
	bpf_object__for_each_program(prog, obj) {
		bpf_program__set_autoload(prog, i == idx);
		if (i++ == idx)
			self = prog;
	}
	if (!self) {
		bpf_object__close(obj);
		return -ENOENT;
	}
	*name_out = strdup(bpf_program__name(self));
	log[0] = 0;
	bpf_program__set_log_level(self, level);
	bpf_program__set_log_buf(self, log, size);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

static int count_programs(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	int n = 0;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj)
		n++;
	bpf_object__close(obj);
	return n;
}

/* With VM_VERIFY_LOGDIR set, the whole log of a refused program goes to
 * DIR/PROGRAM.verifier.log: the tail names the failing instruction, the
 * rest shows how the verifier got there. */
static void save_log(const char *prog, const char *log)
{
	const char *dir = getenv("VM_VERIFY_LOGDIR");
	char path[4096];
	FILE *f;

	if (!dir || !prog)
		return;
	snprintf(path, sizeof(path), "%s/%s.verifier.log", dir, prog);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(log, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	char *stats = malloc(STATS_LOG_SIZE), *full = malloc(FULL_LOG_SIZE);
	int refused = 0, a;

	if (argc < 2 || !stats || !full) {
		fprintf(stderr, "usage: vm-verify OBJECT...\n");
		return 2;
	}
	libbpf_set_print(quiet_print);
	for (a = 1; a < argc; a++) {
		const char *base = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		int n = count_programs(argv[a]), i;

		if (n < 0) {
			printf("%s - cannot open: %s\n", base, strerror(-n));
			refused++;
			continue;
		}
		for (i = 0; i < n; i++) {
			const char *name = NULL, *p;
			int err = load_one(argv[a], i, 4, stats, STATS_LOG_SIZE, &name);

			if (!err) {
				p = strstr(stats, "processed ");
				printf("%s %s loaded %ld\n", base, name,
				       p ? strtol(p + strlen("processed "), NULL, 10) : -1L);
			} else {
				free((void *)name);
				load_one(argv[a], i, 1, full, FULL_LOG_SIZE, &name);
				printf("%s %s refused (%s): ", base, name, strerror(-err));
				print_tail(full);
				putchar('\n');
				save_log(name, full);
				refused++;
			}
			fflush(stdout);
			free((void *)name);
		}
	}
	free(stats);
	free(full);
	return refused ? 1 : 0;
}
