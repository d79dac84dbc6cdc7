package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerApplicationTest {
  @Test
  void given_noHttpPort_when_started_then_noWebServer() {
    assertThat(WorkerApplication.httpPort(new String[] {"--governed.temporal.target=localhost:7233"})).isEmpty();
  }

  @Test
  void given_anHttpPortArgument_when_started_then_itIsTheActuatorsPort() {
    assertThat(WorkerApplication.httpPort(new String[] {"--governed.worker.http-port=9464"})).contains(9464);
  }
}
