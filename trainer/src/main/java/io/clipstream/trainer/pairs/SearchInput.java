package io.clipstream.trainer.pairs;

import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;

/** Either input of the join, so that one processor (and one punctuator) sees both topics in order. */
sealed interface SearchInput {

    record Shown(SearchImpression impression) implements SearchInput {
    }

    record Clicked(SearchClick click) implements SearchInput {
    }
}
