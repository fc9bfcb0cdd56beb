/* SPDX-License-Identifier: MIT */
/*
 * A small test harness for the host unit tests. Each TEST(name) registers
 * itself; tests/unit/test.c runs every test in its own forked process (so
 * static state in core files starts fresh and a crash or sanitizer report
 * fails that test alone), after fixture_reset(), and prints one line each:
 *
 *   PASS: unit/<file>/<name>
 *   FAIL: unit/<file>/<name>: <expression and values> at <file:line>
 *
 * EXPECT_* records a failure and carries on; ASSERT_* ends the test. Only
 * the first failure is on stdout; all of them go to stderr. A test also
 * fails if the fake arch recorded a misuse (fake_error).
 *
 *   build/host/unit/test_x [substring...]   only the tests whose name contains one
 *   TEST_NOFORK=1 build/host/unit/test_x    in one process (for a debugger)
 */
#ifndef UNIT_TEST_H
#define UNIT_TEST_H

#include <stdint.h>

#include <moat/compiler.h>

void test_register(const char *file, const char *name, void (*fn)(void));
__printf(3, 4) void test_fail(const char *file, int line, const char *fmt, ...);
__noreturn void test_stop(void);
/* Whether `hay` contains `needle` (NULL-safe). */
int test_contains(const char *hay, const char *needle);

#define TEST(name)                                                             \
	static void test_fn_##name(void);                                      \
	__attribute__((constructor)) static void test_reg_##name(void)         \
	{                                                                      \
		test_register(__FILE__, #name, test_fn_##name);                \
	}                                                                      \
	static void test_fn_##name(void)

#define TEST_CHECK_(ok, stop, ...) do {                                        \
	if (!(ok)) {                                                           \
		test_fail(__FILE__, __LINE__, __VA_ARGS__);                    \
		if (stop)                                                      \
			test_stop();                                           \
	}                                                                      \
} while (0)

#define TEST_EQ_(a, b, stop) do {                                              \
	uint64_t t_a_ = (uint64_t)(a), t_b_ = (uint64_t)(b);                   \
	TEST_CHECK_(t_a_ == t_b_, stop, "%s == %s (0x%llx != 0x%llx)", #a, #b,     \
		    (unsigned long long)t_a_, (unsigned long long)t_b_);       \
} while (0)

#define TEST_NE_(a, b, stop) do {                                              \
	uint64_t t_a_ = (uint64_t)(a), t_b_ = (uint64_t)(b);                   \
	TEST_CHECK_(t_a_ != t_b_, stop, "%s != %s (both 0x%llx)", #a, #b,          \
		    (unsigned long long)t_a_);                                 \
} while (0)

#define EXPECT_TRUE(c) TEST_CHECK_((c), 0, "%s", #c)
#define EXPECT_FALSE(c) TEST_CHECK_(!(c), 0, "!(%s)", #c)
#define EXPECT_EQ(a, b) TEST_EQ_(a, b, 0)
#define EXPECT_NE(a, b) TEST_NE_(a, b, 0)
#define EXPECT_CONTAINS(hay, needle)                                           \
	TEST_CHECK_(test_contains((hay), (needle)), 0, "%s contains \"%s\"", #hay, (needle))
#define EXPECT_NOT_CONTAINS(hay, needle)                                       \
	TEST_CHECK_(!test_contains((hay), (needle)), 0, "%s does not contain \"%s\"", #hay, (needle))

#define ASSERT_TRUE(c) TEST_CHECK_((c), 1, "%s", #c)
#define ASSERT_FALSE(c) TEST_CHECK_(!(c), 1, "!(%s)", #c)
#define ASSERT_EQ(a, b) TEST_EQ_(a, b, 1)
#define ASSERT_NE(a, b) TEST_NE_(a, b, 1)

#endif
