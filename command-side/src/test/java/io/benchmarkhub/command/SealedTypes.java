package io.benchmarkhub.command;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The concrete types under a sealed interface, through any sealed interfaces in between. */
public final class SealedTypes {

    private SealedTypes() {}

    public static Set<Class<?>> concreteSubtypes(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isSealed() ? concreteSubtypes(c).stream() : Stream.of(c))
                .collect(Collectors.toSet());
    }
}
