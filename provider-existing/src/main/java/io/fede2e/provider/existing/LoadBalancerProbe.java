package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fede2e.provider.api.Capability;

import java.util.List;

/** {@code load-balancer}: a Service of type LoadBalancer gets an ingress address. */
final class LoadBalancerProbe implements Probe {

    @Override
    public Capability capability() {
        return Capability.LOAD_BALANCER;
    }

    @Override
    public String run(ProbeContext ctx) throws InterruptedException {
        String name = "lb";
        ctx.client().services().inNamespace(ctx.namespace()).resource(new ServiceBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withType("LoadBalancer")
                .addToSelector("app.kubernetes.io/name", "fede2e-none").addNewPort().withName("http").withPort(80)
                .withNewTargetPort(8080).endPort().endSpec().build()).create();
        do {
            Service svc = ctx.client().services().inNamespace(ctx.namespace()).withName(name).get();
            if (svc == null) {
                throw new Absent("Service " + name + " disappeared while waiting for its address");
            }
            List<LoadBalancerIngress> ingress = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                    || svc.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                    : svc.getStatus().getLoadBalancer().getIngress();
            for (LoadBalancerIngress i : ingress) {
                String address = i.getIp() != null ? i.getIp() : i.getHostname();
                if (address != null && !address.isBlank()) {
                    return "a LoadBalancer Service got ingress " + address;
                }
            }
            ctx.pause();
        } while (!ctx.over());
        throw new Absent("a LoadBalancer Service got no ingress address within " + ctx.bound());
    }
}
