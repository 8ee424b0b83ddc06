package io.fede2e.provider.hollow.density;

import io.fede2e.provider.hollow.controllers.HollowSettings;
import java.time.Duration;

/**
 * The scale benchmark (not a unit test): {@code ./mvnw -o -B -pl provider-hollow -am verify -Pbench
 * -DskipTests}, or with arguments {@code nodes podsPerNode namespaces podsPerSecond} through
 * {@code -Dbench.args="2000 30 8 250"}.
 */
public final class DensityBenchmark {

    private DensityBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int perNode = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int namespaces = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 250;
        DensityRun.Plan plan = new DensityRun.Plan(nodes, perNode, namespaces, rate, 16, Duration.ofMinutes(10));
        System.out.println("density run: " + Runtime.getRuntime().availableProcessors() + " cpus, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        DensityRun.Result result = DensityRun.run(plan, HollowSettings.defaults(nodes));
        System.out.print(result.report());
        System.out.flush();
        System.exit(result.running() == plan.pods() ? 0 : 1);
    }
}
