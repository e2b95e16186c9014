package io.benchmarkhub.testsupport;

import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;

/** Benchmark events with one case (c1, "2+2" → "4") and one exact grader, for histories whose content does not matter. */
public final class BenchmarkEvents {

    private BenchmarkEvents() {}

    public static BenchmarkCreated created(BenchmarkId id, String ownerId, String title, Visibility visibility) {
        return new BenchmarkCreated(
                id,
                new UserId(ownerId),
                null,
                title,
                null,
                List.of(),
                null,
                visibility,
                null,
                List.of(new TestCase("c1", TextNode.valueOf("2+2"), TextNode.valueOf("4"), List.of(), null)),
                List.of(new Grader.Exact(null, null)),
                List.of(),
                1,
                "sha256:" + id.value());
    }

    public static BenchmarkForked forked(BenchmarkId id, String ownerId, BenchmarkId source, Visibility visibility) {
        return new BenchmarkForked(
                id,
                new UserId(ownerId),
                source,
                1,
                "Fork of " + source.value(),
                null,
                List.of(),
                null,
                visibility,
                null,
                List.of(new TestCase("c1", TextNode.valueOf("2+2"), TextNode.valueOf("4"), List.of(), null)),
                List.of(new Grader.Exact(null, null)),
                List.of(),
                1,
                "sha256:" + source.value());
    }

    public static BenchmarkPublished published(BenchmarkId id, String actorId, long version) {
        return new BenchmarkPublished(id, new UserId(actorId), version);
    }
}
