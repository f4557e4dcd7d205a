/*
 * kw_global: global_defs and root-only global keywords (stub).
 */
#include <stddef.h>

#include "conf.h"
#include "engine.h"

static const struct cfg_kw kw_global_defs[] = {
	{ "router_id", cfg_h_str, NULL, 0, offsetof(struct conf, global.router_id) - offsetof(struct conf, global), 0, 0 },
};

static void
global_defs_open(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	cfg_enter(p, &cfg_conf(p)->global);
}

static CFG_BLOCK(global_defs_block, "global_defs", kw_global_defs, NULL);

const struct cfg_kw kw_root_global[] = {
	{ "global_defs", global_defs_open, &global_defs_block, 0, 0, 0, 0 },
};
const size_t kw_root_global_n = sizeof(kw_root_global) / sizeof(kw_root_global[0]);

void global_conf_init(struct cfg_parse *p, struct conf *c) { }
void global_conf_validate(struct cfg_parse *p, struct conf *c) { }
void
global_conf_dump(const struct conf *c, FILE *f)
{
	dump_open(f, 0, "global_defs");
	dump_str(f, 1, "router_id", c->global.router_id);
	dump_close(f, 0);
}
