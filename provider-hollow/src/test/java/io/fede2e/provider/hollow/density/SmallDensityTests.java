package io.fede2e.provider.hollow.density;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.provider.hollow.controllers.HollowSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small density run of the suite: every pod must reach Running; timings are only reported. */
class SmallDensityTests {

    @Test
    void hundredNodesRunThreeThousandPods() throws InterruptedException {
        DensityRun.Plan plan = new DensityRun.Plan(100, 30, 8, 1000, 8, Duration.ofMinutes(3));

        DensityRun.Result result = DensityRun.run(plan, HollowSettings.defaults(100));

        System.out.print(result.report());
        assertThat(result.running()).as(result.report()).isEqualTo(3000);
        assertThat(result.startupMillis()).hasSize(3000);
        assertThat(result.apiMicros()).containsKeys("POST pods", "POST pods/binding");
    }
}
