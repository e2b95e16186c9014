package io.benchmarkhub.api.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page, for what it refuses before the application sees the request (a NUL or an encoded slash
 * in the path, for example): problem+json instead of an HTML page. Installed on the host by {@link TomcatErrors}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        HttpStatus status = HttpStatus.resolve(code);
        String title = status == null ? "Error" : status.getReasonPhrase();
        String detail = status == null ? title : ProblemErrorController.detail(status);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                String errors = "";
                String uri = request.getCoyoteRequest().requestURI().toString();
                if (code == 400
                        && uri != null
                        && uri.toLowerCase(java.util.Locale.ROOT).contains("%00")) {
                    errors =
                            ",\"errors\":[{\"field\":\"path\",\"message\":\"contains a NUL character (%00), which is not allowed\"}]";
                }
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + code
                        + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + errors + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was committed meanwhile: nothing more to say
        }
    }
}
