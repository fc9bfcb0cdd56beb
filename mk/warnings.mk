# SPDX-License-Identifier: MIT
# Warnings are errors everywhere, conversion warnings included.
WARNINGS := -Wall -Wextra -Werror -Wconversion -Wsign-conversion -Wshadow -Wvla \
	-Wstrict-prototypes -Wmissing-prototypes -Wundef -Wpointer-arith -Wcast-qual \
	-Wmissing-declarations -Wnull-dereference -Wimplicit-fallthrough
