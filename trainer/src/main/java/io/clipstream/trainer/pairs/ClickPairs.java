package io.clipstream.trainer.pairs;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the click-pair topology bean. Other topologies may live in the same application (the query API's
 * thumbnail view when everything runs in one JVM), and the Kafka Streams extension injects the unqualified one.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ClickPairs {
}
