package io.clipstream.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    @Test
    void everyPairOnceAndNoQueryOrImageTwiceInABatch() {
        Random random = new Random(1);
        List<TrainingExample> examples = new ArrayList<>();
        // One very popular query (a third of all pairs) and a few popular images force many deferrals.
        for (int i = 0; i < 900; i++) {
            int query = i % 3 == 0 ? 0 : random.nextInt(200);
            int image = random.nextInt(10) == 0 ? random.nextInt(5) : random.nextInt(2000);
            examples.add(new TrainingExample(query, image, 1f));
        }
        BatchPlanner planner = new BatchPlanner(examples, 200, 2000, 64);

        BatchPlanner.Plan plan = planner.plan(new SplittableRandom(7));

        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < plan.batches(); b++) {
            Set<Integer> queries = new HashSet<>();
            Set<Integer> images = new HashSet<>();
            int from = plan.batchStart()[b];
            int to = plan.batchStart()[b + 1];
            assertThat(to - from).isBetween(1, 64);
            for (int i = from; i < to; i++) {
                TrainingExample e = examples.get(plan.members()[i]);
                assertThat(queries.add(e.query())).as("query %d twice in batch %d", e.query(), b).isTrue();
                assertThat(images.add(e.image())).as("image %d twice in batch %d", e.image(), b).isTrue();
                assertThat(seen.add(plan.members()[i])).isTrue();
            }
        }
        assertThat(seen).hasSize(900);
        // Query 0's 300 pairs need 300 batches; the rest fills them.
        assertThat(plan.batches()).isGreaterThanOrEqualTo(300);
        assertThat(planner.plan(new SplittableRandom(7)).members()).isEqualTo(plan.members());
        assertThat(planner.plan(new SplittableRandom(8)).members()).isNotEqualTo(plan.members());
    }

    @Test
    void withoutConflictsBatchesAreFull() {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            examples.add(new TrainingExample(i, i, 1f));
        }
        BatchPlanner.Plan plan = new BatchPlanner(examples, 100, 100, 32).plan(new SplittableRandom(1));
        assertThat(plan.batchStart()).containsExactly(0, 32, 64, 96, 100);
    }
}
