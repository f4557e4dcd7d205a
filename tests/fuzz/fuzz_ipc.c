/*
 * fuzz_ipc: libFuzzer harness for the parent/child message decoder.
 *
 * Every byte string is offered to ipc_decode() as one received datagram.
 * A message it accepts must encode back to the same bytes: the decoder
 * and encoder agree on every field, so nothing a peer sends is silently
 * reinterpreted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_msg m;
	char buf[IPC_MSG_MAX];
	ssize_t n;

	if (ipc_decode(data, size, &m) == -1)
		return 0;
	n = ipc_encode(&m, buf, sizeof(buf));
	if (n != (ssize_t)size || memcmp(buf, data, size) != 0)
		abort();
	(void)ipc_type_name(m.hdr.type);
	return 0;
}
