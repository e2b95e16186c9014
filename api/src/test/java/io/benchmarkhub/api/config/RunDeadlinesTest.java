package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Cancelling a run's deadlines while another run's deadline disappears (it fired, or its run ended on another node):
 * a real Quartz scheduler, in which the other deadline is deleted between the listing of the jobs and their reading.
 */
class RunDeadlinesTest {

    private static final String NAME = "run-timeout";
    private final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(AxonConfiguration.messageMapper())
            .build();
    private Scheduler quartz;
    private Scheduler racing;
    private String vanishing;

    @BeforeEach
    void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "deadlines-" + UUID.randomUUID());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        quartz = new StdSchedulerFactory(properties).getScheduler();
        // the scheduler as a cancel sees it when another deadline goes in between: reading that job finds it gone
        racing = (Scheduler) Proxy.newProxyInstance(
                Scheduler.class.getClassLoader(), new Class<?>[] {Scheduler.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getJobDetail")
                            && ((JobKey) args[0]).getName().equals(vanishing)) {
                        quartz.deleteJob((JobKey) args[0]);
                    }
                    try {
                        return method.invoke(quartz, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void stop() throws Exception {
        quartz.shutdown();
    }

    private QuartzDeadlineManager.Builder builder() {
        return QuartzDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(
                        DefaultConfigurer.defaultConfiguration().buildConfiguration()));
    }

    private Set<String> jobs() throws Exception {
        return quartz.getJobKeys(GroupMatcher.jobGroupEquals(NAME)).stream()
                .map(JobKey::getName)
                .collect(Collectors.toSet());
    }

    private String scheduleFor(DeadlineManager deadlines, String runId) {
        return deadlines.schedule(Duration.ofHours(1), NAME, null, new AggregateScopeDescriptor("Run", runId));
    }

    @Test
    void a_deadline_that_vanishes_during_the_cancel_is_passed_over_and_the_run_s_own_is_cancelled() throws Exception {
        DeadlineManager deadlines = new RunDeadlines(builder(), racing, serializer);
        String mine = scheduleFor(deadlines, "run_a");
        String other = scheduleFor(deadlines, "run_b");
        String kept = scheduleFor(deadlines, "run_c");
        vanishing = other;

        deadlines.cancelAllWithinScope(NAME, new AggregateScopeDescriptor("Run", "run_a"));

        assertThat(jobs()).doesNotContain(mine, other).contains(kept);
    }

    @Test
    void axon_s_own_cancel_throws_in_the_same_race() throws Exception {
        DeadlineManager deadlines =
                builder().scheduler(racing).serializer(serializer).build();
        scheduleFor(deadlines, "run_a");
        vanishing = scheduleFor(deadlines, "run_b");

        assertThatThrownBy(() -> deadlines.cancelAllWithinScope(NAME, new AggregateScopeDescriptor("Run", "run_a")))
                .isInstanceOf(NullPointerException.class);
    }
}
