/**
 * Wire records of the control-plane REST API (contract §6): Lambda's {@code 2015-03-31} function shapes and
 * {@code 2018-10-31} layer shapes with their exact PascalCase JSON names. Jackson serialises them; null members are
 * omitted. Request records ignore members Lamina does not support, so real clients that send more (VpcConfig, Tags,
 * ...) are not rejected for it.
 */
package dev.lamina.protocol.control;
