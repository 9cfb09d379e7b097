/*-------------------------------------------------------------------------
 *
 * replay_main.c
 *	  A main() that feeds files to a libFuzzer target, so that the corpus
 *	  can be replayed with any compiler (e.g. gcc with sanitizers).
 *
 *	  replay FILE_OR_DIR...
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int	ninputs;

static int
replay_file(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	uint8_t    *data;
	long		size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0)
	{
		fprintf(stderr, "cannot read %s\n", path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	/* an exact-size copy, so that ASan sees reads past the end */
	data = malloc(size > 0 ? (size_t) size : 1);
	if (data == NULL || fread(data, 1, (size_t) size, f) != (size_t) size)
	{
		fprintf(stderr, "cannot read %s\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t) size);
	free(data);
	ninputs++;
	return 0;
}

static int
replay_path(const char *path)
{
	struct stat st;
	DIR		   *dir;
	struct dirent *de;
	int			rc = 0;

	if (stat(path, &st) != 0)
	{
		fprintf(stderr, "cannot stat %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL)
	{
		char		sub[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (replay_path(sub) != 0)
			rc = -1;
	}
	closedir(dir);
	return rc;
}

int
main(int argc, char **argv)
{
	int			i;
	int			rc = 0;

	for (i = 1; i < argc; i++)
	{
		if (replay_path(argv[i]) != 0)
			rc = 1;
	}
	/* a crash or failed check aborts before this line */
	printf("%d passed, %d failed\n", ninputs, rc);
	return rc;
}
