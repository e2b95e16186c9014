package io.benchmarkhub.domain.suggestion.events;

/** An event of a suggestion job (the aggregate {@code SuggestionJob}, id {@code sgj_…}). */
interface SuggestionEvent {
    String jobId();
}
