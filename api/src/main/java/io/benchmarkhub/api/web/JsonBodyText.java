package io.benchmarkhub.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.benchmark.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a JSON body with a NUL or a lone surrogate in any string or field name, before it is mapped: 400
 * problem+json naming the field ({@code cases[2].input}). Stored, such text would make PostgreSQL fail the
 * projections that write it, long after the request was accepted. Bodies that are not JSON are left to the parser,
 * which says where they break.
 */
@ControllerAdvice
public class JsonBodyText extends RequestBodyAdviceAdapter {

    private static final int MAX_ERRORS = 20;

    private final ObjectMapper mapper;

    public JsonBodyText(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        byte[] body = input.getBody().readAllBytes();
        JsonNode tree;
        try {
            tree = body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            tree = null; // the converter reads it again and says what is malformed, where
        }
        if (tree != null) {
            List<Violation> errors = check(tree);
            if (!errors.isEmpty()) throw new BadRequest("The request body has text that cannot be accepted.", errors);
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** Every string value and field name that holds a NUL or a lone surrogate, as {field, message}. */
    public static List<Violation> check(JsonNode tree) {
        List<Violation> errors = new ArrayList<>();
        walk(tree, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<Violation> errors) {
        if (errors.size() >= MAX_ERRORS) return;
        if (node.isTextual()) {
            String problem = UnsafeText.problem(node.textValue());
            if (problem != null) errors.add(new Violation(path.isEmpty() ? "$" : path, problem));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", errors);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String nameProblem = UnsafeText.problem(field.getKey());
                if (nameProblem != null) {
                    errors.add(new Violation(path.isEmpty() ? "$" : path, "a field name " + nameProblem));
                    continue;
                }
                walk(field.getValue(), child, errors);
            }
        }
    }
}
