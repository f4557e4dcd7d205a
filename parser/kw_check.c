/*
 * kw_check: checker-side keywords (stub).
 */
#include <stddef.h>

#include "conf.h"
#include "engine.h"

static const struct cfg_kw kw_vs[] = {
	{ "delay_loop", cfg_h_ignore, NULL, 0, 0, 0, 0 },
};
static CFG_BLOCK(vs_block, "virtual_server", kw_vs, NULL);

const struct cfg_kw kw_root_check[] = {
	{ "virtual_server", NULL, &vs_block, 0, 0, 0, 0 },
};
const size_t kw_root_check_n = sizeof(kw_root_check) / sizeof(kw_root_check[0]);

void check_conf_init(struct cfg_parse *p, struct conf *c) { }
void check_conf_validate(struct cfg_parse *p, struct conf *c) { }
void check_conf_dump(const struct conf *c, FILE *f) { }
