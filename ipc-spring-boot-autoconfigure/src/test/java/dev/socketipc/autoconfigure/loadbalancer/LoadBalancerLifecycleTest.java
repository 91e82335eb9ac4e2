package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcRemoteException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link LoadBalancerLifecycle} beans of an application see every call of an
 * {@code lb://} client as they see Spring Cloud's own clients' requests: {@code onStart}
 * once, {@code onStartRequest} and {@code onComplete} ({@code SUCCESS} or {@code FAILED})
 * per attempt, {@code onComplete} ({@code DISCARD}) when no instance is listed; so Spring
 * Cloud's {@code loadbalancer.requests.*} meters count them.
 */
@Timeout(120)
class LoadBalancerLifecycleTest {

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(3);
		this.context = LbApplication.run(
				List.of(concat(this.instances.discovery(), "spring.cloud.loadbalancer.stats.micrometer.enabled=true")),
				RecordingConfiguration.class);
	}

	@AfterEach
	void stop() throws IOException {
		this.context.close();
		this.instances.close();
	}

	@Test
	void answeredCallIsOneStartedAndSucceededRequest() {
		LbCalc calc = this.context.getBean(LbCalc.class);
		Recording recording = this.context.getBean(Recording.class);

		String answer = calc.echo("a");

		String instance = "localhost:" + this.instances.port(Integer.parseInt(answer.substring(1, 2)));
		assertThat(recording.events).containsExactly("onStart calc echo", "onStartRequest calc echo " + instance,
				"onComplete SUCCESS calc echo " + instance + " result=" + answer);
		assertThat(this.context.getBean(MeterRegistry.class).find("loadbalancer.requests.success").timer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isOne());
	}

	@Test
	void remoteErrorIsAFailedRequest() {
		LbCalc calc = this.context.getBean(LbCalc.class);
		Recording recording = this.context.getBean(Recording.class);

		assertThatThrownBy(() -> calc.fail("b")).isInstanceOf(IpcRemoteException.class);

		assertThat(recording.events).hasSize(3);
		assertThat(recording.events.get(0)).isEqualTo("onStart calc fail");
		assertThat(recording.events.get(2)).startsWith("onComplete FAILED calc fail localhost:")
			.contains("failure=" + IpcRemoteException.class.getName());
		assertThat(this.context.getBean(MeterRegistry.class).find("loadbalancer.requests.failed").timer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isOne());
	}

	@Test
	void callFailedOverIsOneStartWithTwoAttempts() throws IOException {
		LbCalc calc = this.context.getBean(LbCalc.class);
		Recording recording = this.context.getBean(Recording.class);
		this.instances.kill(0);
		String dead = "localhost:" + this.instances.port(0);

		for (int i = 0; i < 3; i++) {
			assertThat(calc.echo("d" + i)).matches("s[12]:d" + i);
		}

		assertThat(recording.events).filteredOn((event) -> event.startsWith("onStart ")).hasSize(3);
		assertThat(recording.events).filteredOn((event) -> event.startsWith("onComplete SUCCESS")).hasSize(3);
		int failed = recording.events
			.indexOf("onComplete FAILED calc echo " + dead + " failure=" + IpcConnectionException.class.getName());
		assertThat(failed).as("the attempt on the killed instance in %s", recording.events).isPositive();
		assertThat(recording.events.get(failed - 1)).isEqualTo("onStartRequest calc echo " + dead);
		assertThat(recording.events.get(failed + 1)).startsWith("onStartRequest calc echo localhost:")
			.isNotEqualTo("onStartRequest calc echo " + dead);
	}

	@Test
	void callWithNoInstanceListedIsADiscardedRequest() {
		LbCalc calc = this.context.getBean(LbCalc.class);
		Recording recording = this.context.getBean(Recording.class);
		LoadBalancedFailoverTest.listed(this.context).clear();

		assertThatThrownBy(() -> calc.echo("c")).isInstanceOf(IpcConnectionException.class)
			.hasMessage("IPC call 'echo' not sent: no instance of lb://calc is available");

		assertThat(recording.events).containsExactly("onStart calc echo", "onComplete DISCARD calc echo");
		assertThat(this.context.getBean(MeterRegistry.class).find("loadbalancer.requests.discard").counter())
			.isNotNull()
			.satisfies((counter) -> assertThat(counter.count()).isOne());
	}

	private static String[] concat(String[] properties, String more) {
		String[] all = java.util.Arrays.copyOf(properties, properties.length + 1);
		all[properties.length] = more;
		return all;
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingConfiguration {

		@Bean
		Recording recording() {
			return new Recording();
		}

	}

	/**
	 * Records what the load balancer tells it, one line per callback.
	 */
	static class Recording implements LoadBalancerLifecycle<DefaultRequestContext, Object, ServiceInstance> {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Request<DefaultRequestContext> request) {
			this.events.add("onStart " + describe(request));
		}

		@Override
		public void onStartRequest(Request<DefaultRequestContext> request, Response<ServiceInstance> response) {
			this.events.add("onStartRequest " + describe(request) + " " + instance(response));
		}

		@Override
		public void onComplete(CompletionContext<Object, ServiceInstance, DefaultRequestContext> context) {
			Response<ServiceInstance> response = context.getLoadBalancerResponse();
			this.events.add("onComplete " + context.status() + " " + describe(context.getLoadBalancerRequest())
					+ ((response != null && response.hasServer()) ? " " + instance(response) : "")
					+ ((context.getClientResponse() != null) ? " result=" + context.getClientResponse() : "")
					+ ((context.getThrowable() != null) ? " failure=" + context.getThrowable().getClass().getName()
							: ""));
		}

		private static String describe(Request<DefaultRequestContext> request) {
			IpcLoadBalancerRequest call = (IpcLoadBalancerRequest) request.getContext().getClientRequest();
			return call.serviceId() + " " + call.method();
		}

		private static String instance(Response<ServiceInstance> response) {
			return response.getServer().getHost() + ":" + response.getServer().getPort();
		}

	}

}
