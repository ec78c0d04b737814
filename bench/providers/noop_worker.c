// A `protocol: jsonl` worker that does no work: it answers each request line at once with the
// line itself as the output, so that `contains {{input.q}}` passes, as `cat` does for
// `protocol: once`. What it costs is what deadbolt's side of the protocol costs.
//
//   cc -O2 -o noop_worker bench/providers/noop_worker.c
//
// It takes the id from the `"id":"..."` deadbolt writes first on the line; a real worker parses
// the JSON.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, stdin)) > 0) {
        if (line[length - 1] == '\n') line[--length] = 0;
        const char *id = strstr(line, "\"id\":\"");
        int idLength = 0;
        if (id) {
            id += 6;
            const char *end = strchr(id, '"');
            idLength = end ? (int)(end - id) : 0;
        }
        printf("{\"id\":\"%.*s\",\"output\":\"", idLength, id ? id : "");
        for (const char *c = line; *c; c++) {
            if (*c == '"' || *c == '\\') {
                putchar('\\');
                putchar(*c);
            } else if ((unsigned char)*c < 0x20) {
                printf("\\u%04x", (unsigned char)*c);
            } else {
                putchar(*c);
            }
        }
        fputs("\"}\n", stdout);
        fflush(stdout);
    }
    free(line);
    return 0;
}
