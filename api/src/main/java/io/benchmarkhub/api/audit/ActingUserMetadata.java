package io.benchmarkhub.api.audit;

import io.benchmarkhub.api.auth.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who did it and in which request: a command sent while serving an HTTP request carries the caller's user id
 * ({@code userId}) and the request's id ({@code requestId}) in its metadata, and Axon copies both into the metadata of
 * the events the command appends. Commands sent by policies inherit them from the event they react to. The request
 * id is the caller's {@code X-Request-Id} when it is a plain token, else a fresh one, and is echoed in the response.
 */
@Configuration(proxyBeanMethods = false)
public class ActingUserMetadata {

    public static final String USER_ID = "userId";
    public static final String REQUEST_ID = "requestId";
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String REQUEST_ATTRIBUTE = ActingUserMetadata.class.getName() + ".requestId";

    /** Axon's default (correlationId, traceId), which defining any provider bean would otherwise switch off. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actingUserProvider() {
        return new SimpleCorrelationDataProvider(USER_ID, REQUEST_ID);
    }

    @Bean
    Object actingUserDispatchInterceptor(CommandBus commandBus) {
        return commandBus.registerDispatchInterceptor(new Interceptor());
    }

    private static final class Interceptor implements MessageDispatchInterceptor<CommandMessage<?>> {
        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> command.andMetaData(actingUser(command.getMetaData()));
        }
    }

    private static MetaData actingUser(MetaData existing) {
        var added = new HashMap<String, Object>();
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!existing.containsKey(USER_ID)
                && authentication != null
                && authentication.getPrincipal() instanceof CurrentUser user) {
            added.put(USER_ID, user.id().value());
        }
        if (!existing.containsKey(REQUEST_ID)
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            added.put(REQUEST_ID, requestId(request));
        }
        return MetaData.from(added);
    }

    /** The id of the HTTP request being served (for events appended outside a command), when there is one. */
    public static java.util.Optional<String> currentRequestId() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? java.util.Optional.of(requestId(request))
                : java.util.Optional.empty();
    }

    private static String requestId(ServletRequestAttributes request) {
        Object known = request.getAttribute(REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (known instanceof String id) return id;
        String given = request.getRequest().getHeader(REQUEST_ID_HEADER);
        String id = given != null && PLAIN_TOKEN.matcher(given).matches()
                ? given
                : "req_" + UUID.randomUUID().toString().replace("-", "");
        request.setAttribute(REQUEST_ATTRIBUTE, id, RequestAttributes.SCOPE_REQUEST);
        HttpServletResponse response = request.getResponse();
        if (response != null && !response.isCommitted()) response.setHeader(REQUEST_ID_HEADER, id);
        return id;
    }
}
