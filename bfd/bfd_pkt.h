/*
 * bfd_pkt: the BFD Control packet (RFC 5880 §4.1), the mandatory part
 * only: keepalived speaks neither authentication nor the echo function.
 * Pure: buffers in, structs out.  Decoding applies the reception checks
 * of RFC 5880 §6.8.6 that need no session, and keepalived's additional
 * ones (Poll and Final together, an unknown diagnostic), each failure
 * with its own code so the caller can count and name it.
 */
#ifndef VIGIL_BFD_PKT_H
#define VIGIL_BFD_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BFD_PKT_LEN		24	/* without authentication */
#define BFD_PKT_VERSION		1
#define BFD_PORT_CONTROL	3784	/* RFC 5881 §4 */

enum bfd_state {
	BFD_STATE_ADMINDOWN = 0,
	BFD_STATE_DOWN,
	BFD_STATE_INIT,
	BFD_STATE_UP
};

enum bfd_diag {
	BFD_DIAG_NONE = 0,
	BFD_DIAG_EXPIRED,
	BFD_DIAG_ECHO_FAILED,
	BFD_DIAG_NBR_DOWN,
	BFD_DIAG_FWD_RESET,
	BFD_DIAG_PATH_DOWN,
	BFD_DIAG_CAT_PATH_DOWN,
	BFD_DIAG_ADMIN_DOWN,
	BFD_DIAG_RCAT_PATH_DOWN,
	BFD_DIAG_MAX = BFD_DIAG_RCAT_PATH_DOWN
};

struct bfd_pkt {
	uint8_t		version;
	uint8_t		diag;		/* enum bfd_diag */
	uint8_t		state;		/* enum bfd_state */
	bool		poll, final, cpi, auth, demand, multipoint;
	uint8_t		detect_mult;
	uint8_t		len;
	uint32_t	my_discr, your_discr;
	uint32_t	min_tx_us, min_rx_us, min_echo_rx_us;
};

enum bfd_pkt_err {
	BFD_PKT_OK = 0,
	BFD_PKT_E_SHORT,	/* fewer bytes than a header */
	BFD_PKT_E_LEN,		/* Length field differs from the datagram */
	BFD_PKT_E_VERSION,
	BFD_PKT_E_MULT,		/* Detect Mult is zero */
	BFD_PKT_E_MULTIPOINT,
	BFD_PKT_E_MY_DISCR,	/* My Discriminator is zero */
	BFD_PKT_E_YOUR_DISCR,	/* Your Discriminator zero, not (Admin)Down */
	BFD_PKT_E_POLL_FINAL,	/* both P and F */
	BFD_PKT_E_DIAG,
	BFD_PKT_E_AUTH,		/* A bit: no authentication is in use */
	BFD_PKT_E_MAX
};

/* Encode p into buf (24 bytes; the Length field is written as 24).
 * Returns 24, or -1 with EMSGSIZE when buf is shorter. */
int	bfd_pkt_encode(const struct bfd_pkt *p, uint8_t *buf, size_t len);
/* Decode and validate a datagram; BFD_PKT_OK or why it is discarded.
 * *p is filled as far as the bytes allow. */
enum bfd_pkt_err bfd_pkt_decode(const uint8_t *buf, size_t len,
	    struct bfd_pkt *p);
const char *bfd_pkt_err_name(enum bfd_pkt_err);
/* keepalived's names: "AdminDown", "Down", "Init", "Up". */
const char *bfd_state_name(unsigned);
/* keepalived's texts: "No Diagnostic", "Control Detection Time Expired"... */
const char *bfd_diag_name(unsigned);

#endif
