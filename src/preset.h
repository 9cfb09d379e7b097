/*-------------------------------------------------------------------------
 *
 * preset.h
 *		  The presets of option "preset": option settings for known APIs
 *
 * A preset is a list of option settings, name then value as the option's
 * text, ended by NULL.  option.c applies them before the server's options,
 * so that any option set on the server, table or column overrides them;
 * the settings name only options that option.c knows, with valid values.
 *
 * Plain C, no PostgreSQL headers.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_PRESET_H
#define REST_PRESET_H

/* The presets' names, the values of option "preset"; NULL-terminated */
extern const char *const rest_preset_names[];

/* The settings of rest_preset_names[preset] */
extern const char *const *rest_preset_settings(int preset);

#endif							/* REST_PRESET_H */
