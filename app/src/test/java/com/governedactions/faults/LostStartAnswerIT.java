package com.governedactions.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.GovernedActionsApplication;
import com.governedactions.e2e.LiveService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The start of a new action reaches Temporal, but its answer is lost on the way back (a network
 * blip, an overloaded frontend). The SDK retries the call, and the real Temporal server answers the
 * retry as a duplicate of the start it already made. The call still created the action: the chat
 * backend must get 201, not 200 "already existed". Found by WorkerCrashIT on a busy CI machine.
 */
@Import(LostStartAnswerIT.LosingTheFirstAnswer.class)
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class LostStartAnswerIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final AnswerLosing LOSING = new AnswerLosing("ExecuteMultiOperation");

  private final LiveService service = new LiveService(HTTP_PORT, Duration.ofSeconds(20));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @TestConfiguration
  static class LosingTheFirstAnswer {
    @Bean
    TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> answerLosingStubs() {
      return options -> options.setGrpcClientInterceptors(List.of(LOSING));
    }
  }

  @Test
  void given_theStartsAnswerIsLost_when_theSdkRetriesIt_then_theCallStillAnswersCreatedAndOnlyOnce() throws Exception {
    String requestId = "lost-" + UUID.randomUUID();
    String body = """
        {"requestId":"%s","type":"refund",
         "params":{"orderId":"A-1001","amount":"0.01","currency":"USD","reason":"damaged"},
         "actor":{"type":"human"},"customer":{"id":"C-%s"},"channel":"console"}""".formatted(requestId, requestId);

    LOSING.arm();
    HttpResponse<String> first = service.post("/actions", "dev-alice", body);

    assertThat(LOSING.lost()).as("the first answer was lost on the way back").isEqualTo(1);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    HttpResponse<String> again = service.post("/actions", "dev-alice", body);
    assertThat(again.statusCode()).as("the same request again finds it: " + again.body()).isEqualTo(200);
    String actionId = LiveService.JSON.readTree(first.body()).get("actionId").asText();
    service.awaitStatus(actionId, "SUCCEEDED");
    assertThat(LiveService.STORE.queryForObject(
            "SELECT count(*) FROM governed.audit_event WHERE action_id = ? AND event_type = 'REQUESTED'", Integer.class, actionId))
        .as("one action, requested once")
        .isEqualTo(1);
  }

  private static final Duration CLOSED_BY_THEN = Duration.ofSeconds(5);

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Once armed, lets the next call of one method reach the server and tells the client it was unavailable. */
  static final class AnswerLosing implements ClientInterceptor {
    private final String method;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger lost = new AtomicInteger();

    AnswerLosing(String method) {
      this.method = method;
    }

    void arm() {
      armed.set(true);
    }

    int lost() {
      return lost.get();
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> descriptor, CallOptions options, Channel next) {
      if (!method.equals(descriptor.getBareMethodName())) {
        return next.newCall(descriptor, options);
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(descriptor, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          boolean dropping = armed.compareAndSet(true, false);
          if (!dropping) {
            super.start(listener, headers);
            return;
          }
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(A message) {
                  lost.incrementAndGet(); // the server's answer, never delivered
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  // Long enough for the auto-allowed refund to finish: the retry then meets a closed run.
                  sleep(CLOSED_BY_THEN);
                  super.onClose(Status.UNAVAILABLE.withDescription("answer lost on the way back"), new Metadata());
                }
              },
              headers);
        }
      };
    }
  }
}
