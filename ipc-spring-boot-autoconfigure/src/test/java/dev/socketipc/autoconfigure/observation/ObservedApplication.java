package dev.socketipc.autoconfigure.observation;

import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A server exposing {@link CalcService} and a client of it, {@link ObservedCalc}, in one
 * context, as an application serving and calling.
 */
@Configuration(proxyBeanMethods = false)
@EnableIpcClients(clients = ObservedCalc.class)
public class ObservedApplication {

	@Bean
	CalcService calcService() {
		return new CalcService();
	}

}
