// SPDX-License-Identifier: MIT
/* The unit-test runner inside each test binary (see test.h). */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arch/fake.h>

#include "fixture.h"
#include "test.h"

#define MAX_TESTS 256
#define LINE_MAX_ 1024
#define TEST_TIMEOUT_S 30U

struct test_case {
	const char *file;
	const char *name;
	void (*fn)(void);
};

static struct test_case tests[MAX_TESTS];
static unsigned test_count;

static char first_failure[LINE_MAX_];
static unsigned failures;
static jmp_buf stop_point;

void test_register(const char *file, const char *name, void (*fn)(void))
{
	if (test_count == MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		abort();
	}
	tests[test_count++] = (struct test_case){ file, name, fn };
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	char what[LINE_MAX_ / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(stderr, "  failed: %s at %s:%d\n", what, file, line);
	if (failures++ == 0)
		snprintf(first_failure, sizeof(first_failure), "%s at %s:%d", what, file, line);
}

void test_stop(void)
{
	longjmp(stop_point, 1);
}

int test_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

/* "tests/unit/test_psci.c" -> "test_psci" */
static void file_stem(const char *file, char *out, size_t size)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strcspn(base, ".");
	snprintf(out, size, "%.*s", (int)n, base);
}

static void run_one(const struct test_case *t, char *line, size_t size)
{
	char stem[128];

	file_stem(t->file, stem, sizeof(stem));
	failures = 0;
	first_failure[0] = '\0';
	fprintf(stderr, "--- unit/%s/%s\n", stem, t->name);
	fixture_reset();
	if (setjmp(stop_point) == 0)
		t->fn();
	if (failures == 0 && fake.errors)
		test_fail("(fake arch)", 0, "%s", fake.error);
	if (failures == 0)
		snprintf(line, size, "PASS: unit/%s/%s\n", stem, t->name);
	else
		snprintf(line, size, "FAIL: unit/%s/%s: %s\n", stem, t->name, first_failure);
}

static bool selected(const struct test_case *t, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]))
			return true;
	return false;
}

/* The test in a child: its line comes back through a pipe, so a crash leaves none. */
static void run_forked(const struct test_case *t)
{
	char line[LINE_MAX_], stem[128];
	size_t got = 0;
	int fds[2], status;
	pid_t pid;

	file_stem(t->file, stem, sizeof(stem));
	if (pipe(fds) != 0) {
		perror("pipe");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(2, 1); /* nothing but result lines on the real stdout */
		alarm(TEST_TIMEOUT_S);
		run_one(t, line, sizeof(line));
		if (write(fds[1], line, strlen(line)) < 0)
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], line + got, sizeof(line) - 1 - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	close(fds[0]);
	line[got] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && got > 0) {
		fputs(line, stdout);
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		printf("FAIL: unit/%s/%s: timed out after %us (see stderr)\n", stem, t->name,
		       TEST_TIMEOUT_S);
	} else {
		printf("FAIL: unit/%s/%s: crashed (see stderr)\n", stem, t->name);
		fprintf(stderr, "  unit/%s/%s: %s %d\n", stem, t->name,
			WIFSIGNALED(status) ? "killed by signal" : "exit status",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	bool nofork = getenv("TEST_NOFORK") && strcmp(getenv("TEST_NOFORK"), "0") != 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (unsigned i = 0; i < test_count; i++) {
		char line[LINE_MAX_];

		if (!selected(&tests[i], argc, argv))
			continue;
		if (nofork) {
			run_one(&tests[i], line, sizeof(line));
			fputs(line, stdout);
		} else {
			run_forked(&tests[i]);
		}
	}
	return 0;
}
