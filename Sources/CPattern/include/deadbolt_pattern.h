#ifndef DEADBOLT_PATTERN_H
#define DEADBOLT_PATTERN_H

#include <stddef.h>
#include <stdint.h>

/// A regular expression compiled by PCRE2 (8-bit, UTF, Unicode properties, invalid UTF-8 allowed in
/// subjects), with a callout before every item so that a match can be given a budget of steps.
typedef struct deadbolt_pattern deadbolt_pattern;

/// Compiles `source`. NULL when it is not a valid expression; then `message` holds PCRE2's reason
/// and `offset` where in `source` it stopped.
deadbolt_pattern *deadbolt_pattern_compile(
    const uint8_t *source, size_t length, char *message, size_t message_size, size_t *offset);

void deadbolt_pattern_free(deadbolt_pattern *pattern);

#define DEADBOLT_PATTERN_MATCH 1
#define DEADBOLT_PATTERN_NO_MATCH 0
#define DEADBOLT_PATTERN_OVER_BUDGET (-1)
#define DEADBOLT_PATTERN_FAILED (-2)

/// Looks for a match in `subject[0..<length]` starting at `start` (only there when `anchored`).
/// Each step the matcher takes (an item tried, backtracking included) costs one of `*steps`; when
/// none are left the search stops with DEADBOLT_PATTERN_OVER_BUDGET. On a match, `range` holds the
/// match's start and end and group 1's start and end (SIZE_MAX when group 1 took no part).
int deadbolt_pattern_match(
    const deadbolt_pattern *pattern, const uint8_t *subject, size_t length, size_t start, int anchored,
    uint64_t *steps, size_t range[4]);

#endif
