package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.api.ApiTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The web app's client is generated from web/openapi.json at build time; this test fails when that file is not
 * the document the app serves, so the client cannot drift from the API. {@code web/scripts/update-openapi.sh}
 * runs it with {@code -Dbenchmarkhub.update-openapi=true}, which writes the served document instead.
 */
class OpenApiDocumentTest extends ApiTestBase {

    static final Path COMMITTED = Path.of("..", "web", "openapi.json");

    @Test
    void the_web_apps_openapi_json_is_the_document_the_app_serves() throws IOException {
        Response served = get("/v3/api-docs", null);
        assertThat(served.status()).isEqualTo(200);
        ObjectNode document = normalized(served.body());

        if (Boolean.getBoolean("benchmarkhub.update-openapi")) {
            Files.writeString(COMMITTED, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
            return;
        }
        assertThat(COMMITTED)
                .as("web/openapi.json (make it with web/scripts/update-openapi.sh)")
                .exists();
        JsonNode committed = normalized(mapper.readTree(Files.readString(COMMITTED)));
        if (!committed.equals(document)) {
            fail("web/openapi.json differs from the served /v3/api-docs in " + differences(committed, document)
                    + ". Run web/scripts/update-openapi.sh and commit the file with the API change.");
        }
    }

    /** Without the server URL, which names this test's random port. */
    static ObjectNode normalized(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("servers");
        return copy;
    }

    /** The paths and schemas that differ, so the failure says where to look. */
    static List<String> differences(JsonNode committed, JsonNode served) {
        List<String> out = new ArrayList<>();
        for (String section : List.of("paths", "components/schemas")) {
            JsonNode a = committed.at("/" + section), b = served.at("/" + section);
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!a.path(name).equals(b.path(name))) out.add(section + " " + name);
            }
        }
        if (out.isEmpty()) out.add("the info, tags or security sections");
        return out;
    }
}
