#!/usr/bin/env bash
# Writes the app's own OpenAPI document (GET /v3/api-docs, without the server URL) to web/openapi.json, by
# running api's OpenApiDocumentTest in its update mode. Commit the file with the API change that made it.
# The web build is skipped (-Dexec.skip): the old client may not compile against the new API yet.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
./mvnw -B -ntp -q -pl api -am test -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dexec.skip=true -Dweb.skipTests=true -Dbenchmarkhub.update-openapi=true "$@"
echo "web/openapi.json updated"
