package dev.socketipc.test.calc;

import org.springframework.stereotype.Component;

/**
 * A component of the application that an {@code @IpcClientTest} must not load.
 */
@Component
public class OtherComponent {

}
