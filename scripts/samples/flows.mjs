// The handshake each sample's configuration makes, as RFC 5246 / RFC 8446 (and OpenSSL's
// documented choices: middlebox-compatibility ChangeCipherSpec in TLS 1.3, tickets after the
// handshake) describe it. Entries are "dir message", dir = c2s (client → server) or s2c.
// `handshake` is the order on the wire up to the last Finished (or the fatal alert);
// `after` lists, per direction, what follows it (tickets, close_notify) without application data.

const c = (...names) => names.map((n) => `c2s ${n}`);
const s = (...names) => names.map((n) => `s2c ${n}`);

/** TLS 1.2 full handshake (RFC 5246 §7.3). */
export function tls12Full({ keyExchange, clientCert = false, newTicket = false }) {
  return [
    ...c('client_hello'),
    ...s('server_hello', 'certificate', ...(keyExchange === 'RSA' ? [] : ['server_key_exchange']), ...(clientCert ? ['certificate_request'] : []), 'server_hello_done'),
    ...c(...(clientCert ? ['certificate'] : []), 'client_key_exchange', ...(clientCert ? ['certificate_verify'] : []), 'change_cipher_spec', 'finished'),
    ...s(...(newTicket ? ['new_session_ticket'] : []), 'change_cipher_spec', 'finished'),
  ];
}

/** TLS 1.2 abbreviated handshake (RFC 5246 §7.3, RFC 5077 §3.1): the server finishes first. */
export function tls12Resumed({ newTicket = false }) {
  return [...c('client_hello'), ...s('server_hello', ...(newTicket ? ['new_session_ticket'] : []), 'change_cipher_spec', 'finished'), ...c('change_cipher_spec', 'finished')];
}

/**
 * TLS 1.3 full handshake (RFC 8446 §2, §4.1.4 for HelloRetryRequest), with OpenSSL's
 * middlebox-compatibility ChangeCipherSpec (RFC 8446 Appendix D.4): the server sends one right
 * after its first ServerHello/HelloRetryRequest, the client before its second flight (after a
 * HelloRetryRequest: before the second ClientHello).
 */
export function tls13Full({ hrr = false, clientCert = false }) {
  return [
    ...c('client_hello'),
    ...(hrr ? [...s('hello_retry_request', 'change_cipher_spec'), ...c('change_cipher_spec', 'client_hello'), ...s('server_hello')] : s('server_hello', 'change_cipher_spec')),
    ...s('encrypted_extensions', ...(clientCert ? ['certificate_request'] : []), 'certificate', 'certificate_verify', 'finished'),
    ...c(...(hrr ? [] : ['change_cipher_spec']), ...(clientCert ? ['certificate', 'certificate_verify'] : []), 'finished'),
  ];
}

/** What follows the handshake on each side (no application data: its record count is Node's choice). */
export function after({ tickets = 0, serverCloseNotify = false, clientCloseNotify = false }) {
  return {
    c2s: clientCloseNotify ? ['alert close_notify'] : [],
    s2c: [...Array(tickets).fill('new_session_ticket'), ...(serverCloseNotify ? ['alert close_notify'] : [])],
  };
}
