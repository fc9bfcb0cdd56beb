// SPDX-License-Identifier: MIT
/* make doctor: the smallest libFuzzer target, linked as the fuzz tests are. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return size > 0 && data[0] == 0xff;
}
