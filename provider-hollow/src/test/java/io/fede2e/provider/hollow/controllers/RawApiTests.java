package io.fede2e.provider.hollow.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RawApiTests {

    @Nested
    class Paths {
        @Test
        void coreGroupNamespacedWithSubresource() {
            assertThat(RawApi.path(Pod.class, "ns", "web-0", "status")).isEqualTo("api/v1/namespaces/ns/pods/web-0/status");
        }

        @Test
        void namedGroupsAndClusterScope() {
            assertThat(RawApi.path(Lease.class, "kube-node-lease", "n1", null))
                    .isEqualTo("apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1");
            assertThat(RawApi.path(ReplicaSet.class, "a", "b", "status")).isEqualTo("apis/apps/v1/namespaces/a/replicasets/b/status");
            assertThat(RawApi.path(EndpointSlice.class, "a", "s", null))
                    .isEqualTo("apis/discovery.k8s.io/v1/namespaces/a/endpointslices/s");
            assertThat(RawApi.path(Node.class, null, "hollow-node-0001", "status")).isEqualTo("api/v1/nodes/hollow-node-0001/status");
        }

        @Test
        void hostileNamesAreEncodedAsOneSegment() {
            assertThat(RawApi.path(Pod.class, "ns", "../x y?z", null)).isEqualTo("api/v1/namespaces/ns/pods/..%2Fx%20y%3Fz");
        }
    }
}
