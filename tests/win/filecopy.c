/* Copies a file with stdio in binary mode, then writes a text-mode file, as a real
   copy tool would: usage filecopy SRC DST TEXTOUT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: filecopy SRC DST TEXTOUT\n"); return 2; }
    FILE *missing = fopen("no such dir\\no such file.txt", "rb");
    printf("missing: %s errno=%d\n", missing ? "opened?!" : "NULL", errno);
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) { fprintf(stderr, "open failed: errno %d\n", errno); return 1; }
    char buf[1000];
    size_t n, total = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (fwrite(buf, 1, n, out) != n) { fprintf(stderr, "write failed\n"); return 1; }
        total += n;
    }
    printf("copied %zu bytes, eof=%d error=%d\n", total, feof(in) != 0, ferror(in) != 0);
    fclose(in);
    if (fclose(out)) return 1;
    FILE *t = fopen(argv[3], "w");
    fputs("line one\nline two\n", t);
    fprintf(t, "%s %05.1f %x\n", "third", 3.14159, 255);
    fclose(t);
    /* reading back in text mode turns CR LF into LF again */
    t = fopen(argv[3], "r");
    char line[100];
    int lines = 0;
    while (fgets(line, sizeof line, t)) {
        lines++;
        if (strchr(line, '\r')) { printf("CR leaked into text-mode read\n"); return 1; }
    }
    fseek(t, 0, SEEK_END);
    printf("text lines=%d size=%ld\n", lines, ftell(t));
    fclose(t);
    return 0;
}
