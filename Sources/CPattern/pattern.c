#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>

#include "deadbolt_pattern.h"

struct deadbolt_pattern {
    pcre2_code *code;
};

deadbolt_pattern *deadbolt_pattern_compile(
    const uint8_t *source, size_t length, char *message, size_t message_size, size_t *offset) {
    int error = 0;
    PCRE2_SIZE error_offset = 0;
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_AUTO_CALLOUT;
    pcre2_code *code = pcre2_compile(source, length, options, &error, &error_offset, NULL);
    if (code == NULL) {
        if (message_size > 0) pcre2_get_error_message(error, (PCRE2_UCHAR *)message, message_size);
        *offset = error_offset;
        return NULL;
    }
    deadbolt_pattern *pattern = malloc(sizeof *pattern);
    if (pattern == NULL) {
        pcre2_code_free(code);
        if (message_size > 0) message[0] = 0;
        *offset = 0;
        return NULL;
    }
    pattern->code = code;
    return pattern;
}

void deadbolt_pattern_free(deadbolt_pattern *pattern) {
    if (pattern == NULL) return;
    pcre2_code_free(pattern->code);
    free(pattern);
}

/// Called before every item of the pattern: one step spent.
static int spend_step(pcre2_callout_block *block, void *data) {
    (void)block;
    uint64_t *steps = data;
    if (*steps == 0) return PCRE2_ERROR_MATCHLIMIT;
    *steps -= 1;
    return 0;
}

int deadbolt_pattern_match(
    const deadbolt_pattern *pattern, const uint8_t *subject, size_t length, size_t start, int anchored,
    uint64_t *steps, size_t range[4]) {
    pcre2_match_data *data = pcre2_match_data_create_from_pattern(pattern->code, NULL);
    pcre2_match_context *context = pcre2_match_context_create(NULL);
    if (data == NULL || context == NULL) {
        pcre2_match_data_free(data);
        pcre2_match_context_free(context);
        return DEADBOLT_PATTERN_FAILED;
    }
    pcre2_set_callout(context, spend_step, steps);
    // An empty subject has no address to give; PCRE2 wants a valid pointer all the same.
    static const uint8_t empty[1] = {0};
    int found = pcre2_match(
        pattern->code, length == 0 ? empty : subject, length, start, anchored ? PCRE2_ANCHORED : 0, data,
        context);
    int result;
    if (found >= 0) {
        PCRE2_SIZE *vector = pcre2_get_ovector_pointer(data);
        uint32_t pairs = pcre2_get_ovector_count(data);
        range[0] = vector[0];
        range[1] = vector[1];
        range[2] = pairs > 1 && found > 1 ? vector[2] : SIZE_MAX;
        range[3] = pairs > 1 && found > 1 ? vector[3] : SIZE_MAX;
        result = DEADBOLT_PATTERN_MATCH;
    } else if (found == PCRE2_ERROR_NOMATCH || found == PCRE2_ERROR_PARTIAL) {
        result = DEADBOLT_PATTERN_NO_MATCH;
    } else if (found == PCRE2_ERROR_MATCHLIMIT || found == PCRE2_ERROR_DEPTHLIMIT || found == PCRE2_ERROR_HEAPLIMIT) {
        result = DEADBOLT_PATTERN_OVER_BUDGET;
    } else {
        result = DEADBOLT_PATTERN_FAILED;
    }
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
    return result;
}
