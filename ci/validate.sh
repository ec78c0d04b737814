#!/usr/bin/env bash
# Validates the CI templates against the official schemas (SchemaStore's, as vendored by
# check-jsonschema): the GitHub workflow, the composite action and the GitLab CI template.
set -euo pipefail
cd "$(dirname "$0")"
command -v check-jsonschema >/dev/null 2>&1 || python3 -m pip install -q check-jsonschema
check-jsonschema --builtin-schema vendor.github-workflows github/deadbolt.yml
check-jsonschema --builtin-schema vendor.github-actions github/actions/deadbolt/action.yml
check-jsonschema --builtin-schema vendor.gitlab-ci gitlab/deadbolt.gitlab-ci.yml
