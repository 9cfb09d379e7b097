/*-------------------------------------------------------------------------
 *
 * option_auth.c
 *		  The credentials of a user mapping that cannot go together
 *
 * What option.c's table cannot say of one option alone: which of a user
 * mapping's credentials need each other and which exclude each other,
 * checked when the mapping is created or altered
 * (rest_check_mapping_auth), and what only the merged options of every
 * level can tell, when a scan is planned (rest_check_auth_options).
 * Today that is OAuth 2.0's (http_oauth.c, doc/oauth2.md).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/defrem.h"
#include "utils/builtins.h"

#include "option.h"

/* The value of an option in a list of DefElem, or NULL */
static const char *
find_option(List *options, const char *name)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *def = lfirst(lc);

		if (strcmp(def->defname, name) == 0)
			return defGetString(def);
	}
	return NULL;
}

/*
 * A user mapping's credentials that cannot work together.  OAuth 2.0's
 * grant follows from what is set: refresh_token with a refresh token, else
 * client_credentials, which needs the client's secret.  The token endpoint
 * may be on the server, so its absence is only known at plan time.
 */
void
rest_check_mapping_auth(List *options)
{
	static const char *const others[] = {"bearer_token", "username", "password"};
	const char *oauth = NULL;
	ListCell   *lc;
	int			i;

	foreach(lc, options)
	{
		DefElem    *def = lfirst(lc);

		if (strncmp(def->defname, "oauth_", 6) == 0)
		{
			oauth = def->defname;
			break;
		}
	}
	if (oauth == NULL)
		return;

	for (i = 0; i < lengthof(others); i++)
		if (find_option(options, others[i]))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("option \"%s\" cannot be used with option \"%s\"",
							oauth, others[i]),
					 errdetail("With OAuth 2.0 the Authorization header carries the access token from the token endpoint."),
					 errhint("Drop either the oauth_* options or option \"%s\" from the user mapping.",
							 others[i])));
	if (find_option(options, "oauth_client_id") == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("option \"%s\" needs option \"oauth_client_id\"", oauth),
				 errhint("Add the client's identifier: OPTIONS (ADD oauth_client_id '...').")));
	if (find_option(options, "oauth_client_secret") == NULL &&
		find_option(options, "oauth_refresh_token") == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("option \"oauth_client_id\" needs option \"oauth_client_secret\" or \"oauth_refresh_token\""),
				 errdetail("The client_credentials grant needs the client's secret; the refresh_token grant needs a refresh token."),
				 errhint("Add oauth_client_secret for the client_credentials grant, or oauth_refresh_token for the refresh_token grant.")));
}

/*
 * The token endpoint may be on the server or the mapping: only the merged
 * options tell that it is nowhere.
 */
void
rest_check_auth_options(const RestTableOptions *opts)
{
	if (opts->oauth_client_id && opts->oauth_token_url == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("the user mapping for server \"%s\" has OAuth 2.0 options but no oauth_token_url",
						opts->server_name),
				 errhint("Set the provider's token endpoint on the server: ALTER SERVER %s OPTIONS (ADD oauth_token_url 'https://...').",
						 quote_identifier(opts->server_name))));
}
