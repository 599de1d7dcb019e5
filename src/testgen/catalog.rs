//! The background catalogue: programs, their layouts and what they say.
//!
//! Wordings are taken from the software imitated (kernel, systemd, OpenSSH, PostgreSQL, nginx,
//! HAProxy, kubelet, HikariCP, Kafka, Celery, Django ...), with the variable parts as template
//! holes (see `template`). Entry weights are relative within a program; a program's `volume` is
//! its share of the mixed file.
//!
//! Rule: no background message may contain an incident's cause text (`scenario::Scenario::
//! cause_text`), so that a scenario's ground truth is the only place it appears. Symptoms
//! (connection refused, timeouts, 5xx) do appear in the background at a low rate, as in real
//! systems, so that they are not a giveaway.

use super::format::{Format, Kind};
use crate::record::Level;

const T: Level = Level::Trace;
const D: Level = Level::Debug;
const I: Level = Level::Info;
const N: Level = Level::Notice;
const W: Level = Level::Warn;
const E: Level = Level::Error;
const C: Level = Level::Critical;

/// One exception of a Java chain: the first is thrown, the next ones are its `Caused by:`.
#[derive(Debug)]
pub(crate) struct JavaExc {
    pub head: &'static str,
    pub frames: &'static [&'static str],
}

/// One traceback of a Python chain, oldest first (joined by "During handling of the above
/// exception, another exception occurred:").
/// A traceback frame: file, line, function, source line.
pub(crate) type PyFrame = (&'static str, u32, &'static str, &'static str);

#[derive(Debug)]
pub(crate) struct PyExc {
    pub frames: &'static [PyFrame],
    pub exc: &'static str,
}

#[derive(Debug)]
pub(crate) struct GoPanic {
    /// First line, e.g. `panic: runtime error: ...` or `fatal error: concurrent map writes`.
    pub head: &'static str,
    /// Print the `[signal SIGSEGV ...]` line (nil dereferences).
    pub signal: bool,
    /// (function call, file:line) of the panicking goroutine, innermost first.
    pub frames: &'static [(&'static str, &'static str)],
}

/// What follows the message line, if anything.
#[derive(Debug)]
pub(crate) enum Body {
    Plain,
    /// A combined access-log line; the status class follows the level (4xx warn, 5xx error).
    Access,
    /// A combined access-log line with this status.
    AccessStatus(u16),
    /// The message, then a Java stack trace.
    Java(&'static [JavaExc]),
    /// The message, then a Python traceback.
    Python(&'static [PyExc]),
    /// No logged message: a Go panic and goroutine dump on stderr.
    GoPanic(&'static GoPanic),
    /// No logged message: a Rust panic on stderr (1.91+ shape, with the thread id).
    RustPanic {
        thread: &'static str,
        at: &'static str,
        msg: &'static str,
    },
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub level: Level,
    pub weight: u32,
    pub text: &'static str,
    /// Logger, caller or component; empty = one of the program's `origins`.
    pub origin: &'static str,
    pub body: Body,
}

const fn e(level: Level, weight: u32, text: &'static str) -> Entry {
    Entry {
        level,
        weight,
        text,
        origin: "",
        body: Body::Plain,
    }
}

impl Entry {
    pub(crate) const fn at(mut self, origin: &'static str) -> Entry {
        self.origin = origin;
        self
    }
    pub(crate) const fn with(mut self, body: Body) -> Entry {
        self.body = body;
        self
    }
}

pub(crate) const fn entry(level: Level, weight: u32, text: &'static str) -> Entry {
    e(level, weight, text)
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Service {
    /// Program name: syslog identifier, app name, `service.name`.
    pub name: &'static str,
    pub host: &'static str,
    pub kind: Kind,
    /// The layout it writes in the mixed file.
    pub native: Format,
    pub volume: u32,
    pub origins: &'static [&'static str],
    /// Thread name prefix for Java layouts; a trailing `-` gets a number.
    pub thread: &'static str,
    pub entries: &'static [Entry],
}

const fn svc(
    name: &'static str,
    host: &'static str,
    kind: Kind,
    native: Format,
    volume: u32,
    entries: &'static [Entry],
) -> Service {
    Service {
        name,
        host,
        kind,
        native,
        volume,
        origins: &[],
        thread: "main",
        entries,
    }
}

impl Service {
    const fn origins(mut self, origins: &'static [&'static str]) -> Service {
        self.origins = origins;
        self
    }
    const fn thread(mut self, thread: &'static str) -> Service {
        self.thread = thread;
        self
    }
}

// ---- shared stack traces ----------------------------------------------------------------

const HIKARI_FRAMES: &[&str] = &[
    "com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)",
    "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)",
    "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)",
    "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)",
    "org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)",
    "com.example.orders.OrderService.placeOrder(OrderService.java:87)",
    "com.example.orders.OrderController.create(OrderController.java:52)",
];
const PG_CONNECT_FRAMES: &[&str] = &[
    "org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:352)",
    "org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)",
    "org.postgresql.jdbc.PgConnection.<init>(PgConnection.java:273)",
    "org.postgresql.Driver.makeConnection(Driver.java:446)",
    "com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:364)",
    "com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:476)",
];
const SOCKET_FRAMES: &[&str] = &[
    "java.base/sun.nio.ch.Net.pollConnect(Native Method)",
    "java.base/sun.nio.ch.Net.pollConnectNow(Net.java:682)",
    "java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)",
    "java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)",
    "java.base/java.net.Socket.connect(Socket.java:751)",
    "org.postgresql.core.PGStream.createSocket(PGStream.java:243)",
];

pub(crate) const JAVA_DB_TIMEOUT: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection [HikariPool-1 - Connection is not available, request timed out after 30000ms.] [n/a]",
        frames: &[
            "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)",
            "org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)",
            "com.example.orders.OrderService$$SpringCGLIB$$0.placeOrder(<generated>)",
            "com.example.orders.OrderController.create(OrderController.java:52)",
        ],
    },
    JavaExc {
        head: "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        frames: HIKARI_FRAMES,
    },
];

const JAVA_SERIALIZATION: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.dao.CannotAcquireLockException: could not execute statement [ERROR: could not serialize access due to concurrent update] [update stock_levels set quantity=? where sku=?]",
        frames: &[
            "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:287)",
            "org.springframework.orm.jpa.JpaTransactionManager.doCommit(JpaTransactionManager.java:565)",
            "com.example.inventory.ReservationService.reserve(ReservationService.java:64)",
        ],
    },
    JavaExc {
        head: "org.postgresql.util.PSQLException: ERROR: could not serialize access due to concurrent update",
        frames: &[
            "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)",
            "org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)",
            "org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)",
            "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)",
        ],
    },
];

const JAVA_REDIS_TIMEOUT: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.dao.QueryTimeoutException: Redis command timed out",
        frames: &[
            "org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:68)",
            "org.springframework.data.redis.core.RedisTemplate.execute(RedisTemplate.java:406)",
            "com.example.inventory.StockCache.refresh(StockCache.java:41)",
            "org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:84)",
        ],
    },
    JavaExc {
        head: "io.lettuce.core.RedisCommandTimeoutException: Command timed out after 1 minute(s)",
        frames: &[
            "io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)",
            "io.lettuce.core.internal.Futures.awaitOrCancel(Futures.java:246)",
            "io.lettuce.core.FutureSyncInvocationHandler.handleInvocation(FutureSyncInvocationHandler.java:75)",
        ],
    },
];

const JAVA_READ_TIMEOUT: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://api.stripe.com/v1/payment_intents/pi_{b24}/capture\": Read timed out",
        frames: &[
            "org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
            "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)",
            "com.example.payments.StripeClient.capture(StripeClient.java:118)",
            "com.example.payments.CaptureService.capture(CaptureService.java:73)",
        ],
    },
    JavaExc {
        head: "java.net.SocketTimeoutException: Read timed out",
        frames: &[
            "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
            "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
            "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
            "java.base/sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:489)",
        ],
    },
];

const JAVA_KAFKA_DISCONNECT: &[JavaExc] = &[JavaExc {
    head: "java.io.IOException: Connection to 2 was disconnected before the response was read",
    frames: &[
        "org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)",
        "kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)",
        "kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)",
        "kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)",
        "kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:130)",
        "org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:135)",
    ],
}];

const JAVA_NPE: &[JavaExc] = &[JavaExc {
    head: "java.lang.NullPointerException: Cannot invoke \"com.example.orders.Address.getCountry()\" because the return value of \"com.example.orders.Customer.getShippingAddress()\" is null",
    frames: &[
        "com.example.orders.ShippingCalculator.quote(ShippingCalculator.java:33)",
        "com.example.orders.OrderService.placeOrder(OrderService.java:95)",
        "com.example.orders.OrderController.create(OrderController.java:52)",
        "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    ],
}];

pub(crate) const JAVA_PG_REFUSED: &[JavaExc] = &[
    JavaExc {
        head: "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=0, active=0, idle=0, waiting=12)",
        frames: HIKARI_FRAMES,
    },
    JavaExc {
        head: "org.postgresql.util.PSQLException: Connection to db-1.internal:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
        frames: PG_CONNECT_FRAMES,
    },
    JavaExc {
        head: "java.net.ConnectException: Connection refused",
        frames: SOCKET_FRAMES,
    },
];

pub(crate) const JAVA_PG_RECOVERY: &[JavaExc] = &[
    JavaExc {
        head: "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=0, active=0, idle=0, waiting=9)",
        frames: HIKARI_FRAMES,
    },
    JavaExc {
        head: "org.postgresql.util.PSQLException: FATAL: the database system is in recovery mode",
        frames: PG_CONNECT_FRAMES,
    },
];

pub(crate) const JAVA_CERT_EXPIRED: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://payments.internal:8443/v1/charges\": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
        frames: &[
            "org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
            "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)",
            "com.example.orders.PaymentsClient.charge(PaymentsClient.java:58)",
            "com.example.orders.OrderService.placeOrder(OrderService.java:102)",
        ],
    },
    JavaExc {
        head: "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
        frames: &[
            "java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
            "java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:383)",
            "java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1357)",
            "java.base/sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:451)",
        ],
    },
    JavaExc {
        head: "java.security.cert.CertificateExpiredException: NotAfter: {notafter}",
        frames: &[
            "java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:183)",
            "java.base/sun.security.provider.certpath.BasicChecker.verifyValidity(BasicChecker.java:190)",
            "java.base/sun.security.provider.certpath.PKIXCertPathValidator.validate(PKIXCertPathValidator.java:111)",
        ],
    },
];

pub(crate) const JAVA_UNKNOWN_HOST: &[JavaExc] = &[
    JavaExc {
        head: "org.springframework.web.client.ResourceAccessException: I/O error on GET request for \"http://inventory.default.svc.cluster.local:8080/api/v1/stock\": inventory.default.svc.cluster.local: Temporary failure in name resolution",
        frames: &[
            "org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
            "com.example.orders.InventoryClient.reserve(InventoryClient.java:44)",
            "com.example.orders.OrderService.placeOrder(OrderService.java:91)",
        ],
    },
    JavaExc {
        head: "java.net.UnknownHostException: inventory.default.svc.cluster.local: Temporary failure in name resolution",
        frames: &[
            "java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)",
            "java.base/java.net.InetAddress$PlatformResolver.lookupByName(InetAddress.java:1211)",
            "java.base/java.net.InetAddress.getAddressesFromNameService(InetAddress.java:1828)",
            "java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1139)",
        ],
    },
];

const PY_VIEW_FRAMES: &[PyFrame] = &[
    (
        "/srv/billing/.venv/lib/python3.12/site-packages/django/core/handlers/exception.py",
        55,
        "inner",
        "response = get_response(request)",
    ),
    (
        "/srv/billing/.venv/lib/python3.12/site-packages/django/core/handlers/base.py",
        197,
        "_get_response",
        "response = wrapped_callback(request, *callback_args, **callback_kwargs)",
    ),
    (
        "/srv/billing/billing/views.py",
        88,
        "pay_invoice",
        "charge = services.capture(invoice)",
    ),
];

const PY_KEYERROR: &[PyExc] = &[PyExc {
    frames: &[
        (
            "/srv/worker/.venv/lib/python3.12/site-packages/celery/app/trace.py",
            453,
            "trace_task",
            "R = retval = fun(*args, **kwargs)",
        ),
        (
            "/srv/worker/app/tasks.py",
            141,
            "generate_report",
            "rows = build_rows(payload[\"customer_id\"], since)",
        ),
    ],
    exc: "KeyError: 'customer_id'",
}];

const PY_ZERO_DIVISION: &[PyExc] = &[
    PyExc {
        frames: &[(
            "/srv/billing/billing/services.py",
            212,
            "unit_price",
            "return invoice.total / invoice.quantity",
        )],
        exc: "ZeroDivisionError: division by zero",
    },
    PyExc {
        frames: &[
            PY_VIEW_FRAMES[0],
            PY_VIEW_FRAMES[1],
            PY_VIEW_FRAMES[2],
            (
                "/srv/billing/billing/services.py",
                214,
                "unit_price",
                "raise PricingError(f\"cannot price invoice {invoice.pk}\")",
            ),
        ],
        exc: "billing.errors.PricingError: cannot price invoice {n6}",
    },
];

pub(crate) const PY_PG_REFUSED: &[PyExc] = &[PyExc {
    frames: &[
        PY_VIEW_FRAMES[0],
        PY_VIEW_FRAMES[1],
        (
            "/srv/billing/.venv/lib/python3.12/site-packages/django/db/backends/base/base.py",
            275,
            "ensure_connection",
            "self.connect()",
        ),
        (
            "/srv/billing/.venv/lib/python3.12/site-packages/psycopg2/__init__.py",
            122,
            "connect",
            "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)",
        ),
    ],
    exc: "psycopg2.OperationalError: connection to server at \"db-1.internal\" (10.0.3.7), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?",
}];

pub(crate) const PY_PG_RECOVERY: &[PyExc] = &[PyExc {
    frames: PY_PG_REFUSED[0].frames,
    exc: "psycopg2.OperationalError: connection to server at \"db-1.internal\" (10.0.3.7), port 5432 failed: FATAL:  the database system is in recovery mode",
}];

pub(crate) const PY_CERT_EXPIRED: &[PyExc] = &[
    PyExc {
        frames: &[(
            "/srv/worker/.venv/lib/python3.12/site-packages/urllib3/connectionpool.py",
            466,
            "_make_request",
            "self._validate_conn(conn)",
        )],
        exc: "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)",
    },
    PyExc {
        frames: &[
            ("/srv/worker/app/tasks.py", 77, "capture_payment", "resp = session.post(PAYMENTS_URL, json=body, timeout=10)"),
            (
                "/srv/worker/.venv/lib/python3.12/site-packages/requests/adapters.py",
                698,
                "send",
                "raise SSLError(e, request=request)",
            ),
        ],
        exc: "requests.exceptions.SSLError: HTTPSConnectionPool(host='payments.internal', port=8443): Max retries exceeded with url: /v1/charges (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))",
    },
];

pub(crate) const PY_NAME_RESOLUTION: &[PyExc] = &[
    PyExc {
        frames: &[(
            "/srv/billing/.venv/lib/python3.12/site-packages/urllib3/util/connection.py",
            60,
            "create_connection",
            "for res in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):",
        )],
        exc: "socket.gaierror: [Errno -3] Temporary failure in name resolution",
    },
    PyExc {
        frames: &[
            PY_VIEW_FRAMES[2],
            (
                "/srv/billing/.venv/lib/python3.12/site-packages/requests/adapters.py",
                700,
                "send",
                "raise ConnectionError(e, request=request)",
            ),
        ],
        exc: "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='payments.internal', port=8443): Max retries exceeded with url: /v1/charges (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f{hex9}>: Failed to resolve 'payments.internal' ([Errno -3] Temporary failure in name resolution)\"))",
    },
];

pub(crate) const PY_NO_SPACE: &[PyExc] = &[PyExc {
    frames: &[(
        "/srv/worker/app/tasks.py",
        163,
        "export_csv",
        "fh.write(chunk)",
    )],
    exc: "OSError: [Errno 28] No space left on device",
}];

const GO_NIL: GoPanic = GoPanic {
    head: "panic: runtime error: invalid memory address or nil pointer dereference",
    signal: true,
    frames: &[
        ("github.com/example/gateway/internal/proxy.(*Router).pick(0xc0002a4000, {0xc00041e0c0, 0x7})", "/src/internal/proxy/router.go:142"),
        ("github.com/example/gateway/internal/proxy.(*Handler).ServeHTTP(0xc000118a80, {0x1a4c2e0, 0xc0004c61c0}, 0xc0003b6000)", "/src/internal/proxy/handler.go:88"),
        ("net/http.serverHandler.ServeHTTP({0xc000306c30?}, {0x1a4c2e0?, 0xc0004c61c0?}, 0x6?)", "/usr/local/go/src/net/http/server.go:3210"),
        ("net/http.(*conn).serve(0xc00028c1b0, {0x1a4f0a8, 0xc000306b40})", "/usr/local/go/src/net/http/server.go:2092"),
    ],
};

const GO_MAP: GoPanic = GoPanic {
    head: "fatal error: concurrent map writes",
    signal: false,
    frames: &[
        ("internal/runtime/maps.fatal({0x9c3b2f?, 0x0?})", "/usr/local/go/src/runtime/panic.go:1058"),
        ("github.com/example/ledger/internal/cache.(*Balances).Set(...)", "/src/internal/cache/balances.go:51"),
        ("github.com/example/ledger/internal/settle.(*Batch).apply(0xc000192000, {0xc0003d2000, 0x40, 0x40})", "/src/internal/settle/batch.go:119"),
        ("created by github.com/example/ledger/internal/settle.(*Runner).Start in goroutine 1", "/src/internal/settle/runner.go:64"),
    ],
};

// ---- programs --------------------------------------------------------------------------

const KERNEL: &[Entry] = &[
    e(I, 20, "IPv6: ADDRCONF(NETDEV_CHANGE): veth{hex7}: link becomes ready"),
    e(I, 20, "cni0: port {n1}(veth{hex7}) entered forwarding state"),
    e(I, 15, "cni0: port {n1}(veth{hex7}) entered blocking state"),
    e(I, 15, "device veth{hex7} entered promiscuous mode"),
    e(I, 5, "EXT4-fs (nvme1n1): mounted filesystem {uuid} r/w with ordered data mode. Quota mode: none."),
    e(N, 10, "audit: type=1400 audit({epoch}.{n3}:{n3}): apparmor=\"STATUS\" operation=\"profile_replace\" profile=\"unconfined\" name=\"docker-default\" pid={pid} comm=\"apparmor_parser\""),
    e(W, 6, "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters."),
    e(W, 4, "nf_conntrack: nf_conntrack: table full, dropping packet"),
    e(W, 3, "python3[{pid}]: segfault at 0 ip 00007f{hex10} sp 00007ffd{hex8} error 4 in libc.so.6[7f{hex10}+{hex6}] likely on CPU {n1} (core 0, socket 0)"),
    e(E, 2, "blk_update_request: I/O error, dev sdb, sector {n8} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0"),
    e(E, 2, "nvme nvme0: I/O {n3} (Write) QID {n1} timeout, aborting"),
    e(D, 4, "perf: interrupt took too long (2511 > 2500), lowering kernel.perf_event_max_sample_rate to 79500"),
];

const SYSTEMD: &[Entry] = &[
    e(
        I,
        10,
        "Started session-{n3}.scope - Session {n3} of User {user}.",
    ),
    e(I, 8, "session-{n3}.scope: Deactivated successfully."),
    e(I, 6, "Starting logrotate.service - Rotate log files..."),
    e(I, 6, "logrotate.service: Deactivated successfully."),
    e(I, 6, "Finished logrotate.service - Rotate log files."),
    e(
        I,
        4,
        "Starting apt-daily.service - Daily apt download activities...",
    ),
    e(
        I,
        4,
        "Finished apt-daily.service - Daily apt download activities.",
    ),
    e(
        I,
        4,
        "Started fstrim.service - Discard unused blocks on filesystems from /etc/fstab.",
    ),
    e(
        I,
        4,
        "Reloading nginx.service - A high performance web server and a reverse proxy server...",
    ),
    e(I, 6, "{unit}: Consumed {secs}s CPU time."),
    e(
        I,
        4,
        "Created slice user-{n4}.slice - User Slice of UID {n4}.",
    ),
    e(
        D,
        6,
        "systemd-journald.service: Sent WATCHDOG=1 notification.",
    ),
    e(
        W,
        6,
        "{unit}: Scheduled restart job, restart counter is at {n1}.",
    ),
    e(W, 2, "{unit}: Watchdog timeout (limit 3min)!"),
    e(
        E,
        3,
        "{unit}: Main process exited, code=exited, status=1/FAILURE",
    ),
    e(E, 3, "{unit}: Failed with result 'exit-code'."),
    e(E, 1, "Failed to start {unit}."),
];

const SSHD: &[Entry] = &[
    e(I, 10, "Accepted publickey for {user} from {pubip} port {port} ssh2: ED25519 SHA256:{b64}"),
    e(I, 10, "pam_unix(sshd:session): session opened for user {user}(uid={n4}) by (uid=0)"),
    e(I, 10, "pam_unix(sshd:session): session closed for user {user}"),
    e(I, 8, "Received disconnect from {pubip} port {port}:11: disconnected by user"),
    e(I, 8, "Disconnected from user {user} {pubip} port {port}"),
    e(W, 8, "Invalid user {user} from {pubip} port {port}"),
    e(W, 6, "Connection closed by authenticating user root {pubip} port {port} [preauth]"),
    e(W, 6, "Failed password for invalid user {user} from {pubip} port {port} ssh2"),
    e(E, 4, "error: kex_exchange_identification: Connection closed by remote host"),
    e(E, 2, "error: maximum authentication attempts exceeded for root from {pubip} port {port} ssh2 [preauth]"),
    e(D, 3, "debug1: Forked child {pid}."),
];

const CRON: &[Entry] = &[
    e(
        I,
        10,
        "(root) CMD (/usr/local/bin/backup.sh --incremental >/dev/null 2>&1)",
    ),
    e(
        I,
        10,
        "({user}) CMD (cd / && run-parts --report /etc/cron.hourly)",
    ),
    e(
        I,
        10,
        "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
    ),
    e(
        I,
        10,
        "pam_unix(cron:session): session closed for user root",
    ),
    e(
        W,
        2,
        "(root) MAIL (mailed 42 bytes of output but got status 0x004b from MTA#012)",
    ),
];

const CHRONYD: &[Entry] = &[
    e(I, 10, "Selected source {ip} (ntp.ubuntu.com)"),
    e(
        I,
        5,
        "Source {ip} replaced with {ip} (2.ubuntu.pool.ntp.org)",
    ),
    e(W, 3, "System clock wrong by {secs} seconds"),
    e(W, 1, "Can't synchronise: no selectable sources"),
];

const POSTGRES: &[Entry] = &[
    e(I, 10, "LOG:  checkpoint starting: time"),
    e(I, 10, "LOG:  checkpoint complete: wrote {n3} buffers ({pct}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={secs} s, sync=0.0{n2} s, total={secs} s; sync files={n2}, longest=0.0{n2} s, average=0.00{n1} s; distance={n5} kB, estimate={n5} kB; lsn=1/{hex8}, redo lsn=1/{hex8}"),
    e(I, 12, "LOG:  connection received: host={ip} port={port}"),
    e(I, 12, "LOG:  connection authorized: user=app database=shop application_name=PostgreSQL JDBC Driver"),
    e(I, 6, "LOG:  automatic vacuum of table \"shop.public.{table}\": index scans: 1"),
    e(D, 8, "DEBUG:  autovacuum: processing database \"shop\""),
    e(W, 8, "LOG:  duration: {n4}.{n3} ms  execute <unnamed>: SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50"),
    e(W, 3, "WARNING:  there is no transaction in progress"),
    e(E, 4, "ERROR:  duplicate key value violates unique constraint \"{table}_pkey\""),
    e(E, 3, "ERROR:  canceling statement due to statement timeout"),
    e(E, 2, "ERROR:  deadlock detected"),
    e(E, 2, "FATAL:  password authentication failed for user \"{user}\""),
    e(E, 1, "FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute"),
];

const REDIS: &[Entry] = &[
    e(I, 10, "{n2} changes in 60 seconds. Saving..."),
    e(I, 10, "Background saving started by pid {pid}"),
    e(I, 10, "DB saved on disk"),
    e(I, 10, "Background saving terminated with success"),
    e(I, 6, "Fork CoW for RDB: current {n1} MB, peak {n1} MB, average {n1} MB"),
    e(W, 2, "Client id={n5} addr={ip}:{port} laddr=10.0.3.9:6379 fd=12 name= age=3 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=5 obl=0 oll=1 omem=20504 tot-mem=42904 events=rw cmd=client|list user=default redir=-1 resp=2 lib-name= lib-ver= scheduled to be closed ASAP for overcoming of output buffer limits."),
    e(W, 1, "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect."),
];

const HAPROXY: &[Entry] = &[
    e(I, 40, "{ip}:{port} [{hadate}] fe_https~ be_api/api-{n1} 0/0/1/{n2}/{n2} 200 {n4} - - ---- {n3}/{n3}/{n1}/{n1}/0 0/0 \"GET {url} HTTP/1.1\""),
    e(W, 3, "{ip}:{port} [{hadate}] fe_https~ be_api/api-{n1} 0/0/1/{n2}/{n2} 404 {n3} - - ---- {n3}/{n3}/{n1}/{n1}/0 0/0 \"GET {url} HTTP/1.1\""),
    e(E, 1, "{ip}:{port} [{hadate}] fe_https~ be_api/api-{n1} 0/0/0/-1/{n4} 503 217 - - SC-- {n3}/{n3}/{n1}/0/0 0/0 \"POST {url} HTTP/1.1\""),
    e(W, 1, "Server be_api/api-3 is DOWN, reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", check duration: {n1}ms. 2 active and 0 backup servers left. {n1} sessions active, 0 requeued, 0 remaining in queue."),
    e(N, 1, "Server be_api/api-3 is UP, reason: Layer7 check passed, code: 200, check duration: {n1}ms. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."),
];

const ACCESS: &[Entry] = &[
    e(I, 900, "").with(Body::Access),
    e(W, 60, "").with(Body::Access),
    e(E, 8, "").with(Body::Access),
];

const NGINX_ERROR: &[Entry] = &[
    e(D, 10, "*{n6} http keepalive handler"),
    e(I, 10, "*{n6} client {ip} closed keepalive connection"),
    e(N, 2, "signal process started"),
    e(W, 10, "*{n6} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/{n1}/{n2}/00000{n5} while reading upstream, client: {pubip}, server: {vhost}, request: \"GET {url} HTTP/1.1\", upstream: \"http://{ip}:8080{url}\", host: \"{vhost}\""),
    e(W, 6, "*{n6} client intended to send too large body: {n8} bytes, client: {pubip}, server: {vhost}, request: \"POST /api/v1/uploads HTTP/2.0\", host: \"{vhost}\""),
    e(E, 6, "*{n6} open() \"/usr/share/nginx/html/{word}.php\" failed (2: No such file or directory), client: {pubip}, server: {vhost}, request: \"GET /{word}.php HTTP/1.1\", host: \"{vhost}\""),
    e(E, 3, "*{n6} upstream prematurely closed connection while reading response header from upstream, client: {pubip}, server: {vhost}, request: \"GET {url} HTTP/1.1\", upstream: \"http://{ip}:8080{url}\", host: \"{vhost}\""),
    e(E, 2, "*{n6} connect() failed (111: Connection refused) while connecting to upstream, client: {pubip}, server: {vhost}, request: \"GET {url} HTTP/1.1\", upstream: \"http://{ip}:8080{url}\", host: \"{vhost}\""),
    e(E, 2, "*{n6} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {pubip}, server: {vhost}, request: \"GET {url} HTTP/1.1\", upstream: \"http://{ip}:8080{url}\", host: \"{vhost}\""),
    e(E, 2, "*{n6} recv() failed (104: Connection reset by peer) while reading response header from upstream, client: {pubip}, server: {vhost}, request: \"GET {url} HTTP/1.1\", upstream: \"http://{ip}:8080{url}\", host: \"{vhost}\""),
    e(C, 1, "*{n6} SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {pubip}, server: 0.0.0.0:443"),
];

const GATEWAY: &[Entry] = &[
    e(D, 10, "upstream selected | upstream={upstream} attempt=1"),
    e(D, 6, "cache hit | key=session:{hex16}"),
    e(I, 40, "request completed | method={method} path={url} status={s2xx} duration={dur} request_id={hex16}"),
    e(I, 5, "token validated | subject={user} scopes=orders:read"),
    e(W, 5, "slow upstream response | upstream={upstream} duration={dur} threshold=500ms"),
    e(W, 10, "request completed | method={method} path={url} status={s4xx} duration={dur} request_id={hex16}"),
    e(W, 3, "rate limit exceeded | client_ip={pubip} limit=100 window=1m0s"),
    e(E, 6, "request completed | method={method} path={url} status={s5xx} duration={dur} request_id={hex16}"),
    e(E, 2, "upstream request failed | upstream={upstream} error=\"context deadline exceeded\""),
    e(E, 1, "upstream request failed | upstream={upstream} error=\"read tcp {ip}:{port}->{ip}:8080: read: connection reset by peer\""),
    e(E, 1, "circuit breaker opened | upstream={upstream} failures=5"),
    e(C, 1, "").with(Body::GoPanic(&GO_NIL)),
];

const AUTH: &[Entry] = &[
    e(T, 4, "checking password hash | user={user} algo=argon2id"),
    e(D, 8, "loaded signing key | kid={hex8}"),
    e(I, 20, "user logged in | user={user} method=password ip={pubip}"),
    e(I, 20, "issued access token | user={user} ttl=15m0s"),
    e(I, 10, "refresh token rotated | user={user}"),
    e(W, 8, "invalid credentials | user={user} ip={pubip} attempts={n1}"),
    e(W, 2, "account locked after repeated failures | user={user}"),
    e(E, 2, "failed to persist session | error=\"pq: canceling statement due to user request\""),
    e(E, 1, "ldap bind failed | error=\"LDAP Result Code 200 \\\"Network Error\\\": read tcp {ip}:{port}->10.0.5.4:636: i/o timeout\""),
];

const LEDGER: &[Entry] = &[
    e(D, 10, "fetching account balance | account={n8}"),
    e(I, 20, "transfer committed | from={n8} to={n8} amount={money} currency=EUR tx={uuid}"),
    e(I, 6, "batch settled | batch={n6} entries={n4} duration={dur}"),
    e(W, 6, "retrying transaction | attempt={n1} err=\"pq: could not serialize access due to concurrent update\""),
    e(E, 3, "transfer failed | tx={uuid} err=\"insufficient funds\""),
    e(C, 1, "").with(Body::GoPanic(&GO_MAP)),
];

const ETCD: &[Entry] = &[
    e(I, 10, "compact tree index | revision={n7}"),
    e(I, 10, "finished scheduled compaction | compact-revision={n7} took={dur}"),
    e(D, 5, "found file lock | path=/var/lib/etcd/member/wal/0000000000000{n3}-{hex16}.wal"),
    e(W, 8, "apply request took too long | took={dur} expected-duration=100ms prefix=\"read-only range \" request=\"key:\\\"/registry/pods/{ns}/{pod}\\\" \""),
    e(W, 2, "failed to send out heartbeat on time (exceeded the 100ms timeout for {dur}, to {hex16}) | heartbeat-interval=100ms"),
    e(E, 1, "request stats | start time={now} time spent={dur} remote={ip}:{port} response type=/etcdserverpb.KV/Range"),
];

const PROMETHEUS: &[Entry] = &[
    e(I, 10, "Head GC completed | component=tsdb duration={dur}"),
    e(I, 6, "Compactor finished | component=tsdb duration={dur}"),
    e(I, 4, "write block | component=tsdb mint={epochms} maxt={epochms} ulid={ulid} duration={dur}"),
    e(I, 3, "Deleting obsolete block | component=tsdb block={ulid}"),
    e(D, 6, "Scrape pool reloaded | component=\"scrape manager\" scrape_pool=node"),
    e(W, 4, "Error on ingesting samples with different value but same timestamp | component=\"scrape manager\" scrape_pool=node target=http://{ip}:9100/metrics num_dropped={n2}"),
    e(W, 3, "Append failed | component=\"scrape manager\" scrape_pool=kubernetes-pods target=http://{ip}:8080/metrics err=\"out of bounds\""),
    e(E, 1, "Error sending alert | component=notifier alertmanager=http://10.0.4.2:9093/api/v2/alerts count={n1} err=\"Post \\\"http://10.0.4.2:9093/api/v2/alerts\\\": context deadline exceeded\""),
];

const DOCKERD: &[Entry] = &[
    e(I, 10, "ignoring event | container={hex64} module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\""),
    e(I, 8, "shim disconnected | id={hex64} namespace=moby"),
    e(W, 4, "cleaning up after shim disconnected | id={hex64} namespace=moby"),
    e(D, 8, "Calling GET /v1.47/containers/json?all=1"),
    e(W, 2, "Container {hex64} failed to exit within 10 seconds of signal 15 - using the force"),
    e(E, 1, "Handler for POST /v1.47/containers/{hex12}/start returned error: driver failed programming external connectivity on endpoint {word}: Bind for 0.0.0.0:8080 failed: port is already allocated"),
];

const KUBELET: &[Entry] = &[
    e(I, 10, "\"SyncLoop UPDATE\" source=\"api\" pods=[\"{ns}/{pod}\"]"),
    e(I, 8, "\"RemoveContainer\" containerID=\"{hex64}\""),
    e(I, 6, "\"Killing container with a grace period\" pod=\"{ns}/{pod}\" podUID=\"{uuid}\" containerName=\"app\" containerID=\"containerd://{hex64}\" gracePeriod=30"),
    e(I, 6, "\"operationExecutor.VerifyControllerAttachedVolume started for volume \\\"kube-api-access-{b5}\\\" (UniqueName: \\\"kubernetes.io/projected/{uuid}-kube-api-access-{b5}\\\") pod \\\"{pod}\\\" (UID: \\\"{uuid}\\\") \" pod=\"{ns}/{pod}\""),
    e(D, 8, "\"SyncLoop (housekeeping)\""),
    e(W, 6, "\"Probe failed\" probeType=\"Readiness\" pod=\"{ns}/{pod}\" podUID=\"{uuid}\" containerName=\"app\" probeResult=\"failure\" output=\"HTTP probe failed with statuscode: 503\""),
    e(W, 2, "\"Eviction manager: attempting to reclaim\" resourceName=\"ephemeral-storage\""),
    e(E, 3, "\"Error syncing pod, skipping\" err=\"failed to \\\"StartContainer\\\" for \\\"app\\\" with CrashLoopBackOff: \\\"back-off 5m0s restarting failed container=app pod={pod}_{ns}({uuid})\\\"\" pod=\"{ns}/{pod}\" podUID=\"{uuid}\""),
    e(E, 1, "\"Failed to pull image\" err=\"rpc error: code = NotFound desc = failed to pull and unpack image \\\"registry.example.com/shop/orders:1.{n2}.{n1}\\\": not found\" image=\"registry.example.com/shop/orders:1.{n2}.{n1}\""),
];

const SCHEDULER: &[Entry] = &[
    e(I, 10, "\"Successfully bound pod to node\" pod=\"{ns}/{pod}\" node=\"{node}\" evaluatedNodes=6 feasibleNodes=3"),
    e(W, 2, "\"Unable to schedule pod; no fit; waiting\" pod=\"{ns}/{pod}\" err=\"0/6 nodes are available: 3 Insufficient memory, 3 node(s) had untolerated taint {{node-role.kubernetes.io/control-plane: }}. preemption: 0/6 nodes are available: 3 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.\""),
];

const ORDERS: &[Entry] = &[
    e(I, 1, "Started OrderApplication in {secs} seconds (process running for {secs})").at("com.example.orders.OrderApplication"),
    e(D, 10, "Creating new transaction with name [com.example.orders.OrderService.placeOrder]: PROPAGATION_REQUIRED,ISOLATION_DEFAULT").at("org.springframework.orm.jpa.JpaTransactionManager"),
    e(D, 8, "HikariPool-1 - Pool stats (total=10, active={n1}, idle={n1}, waiting=0)").at("com.zaxxer.hikari.pool.HikariPool"),
    e(T, 4, "Bound request context to thread: org.apache.catalina.connector.RequestFacade@{hex8}").at("org.springframework.web.filter.RequestContextFilter"),
    e(I, 30, "Order {n8} placed for customer {n6} total={money} items={n1}").at("com.example.orders.OrderService"),
    e(I, 10, "Order {n8} shipped via DHL tracking={n10}").at("com.example.orders.ShipmentListener"),
    e(W, 4, "HikariPool-1 - Connection org.postgresql.jdbc.PgConnection@{hex8} marked as broken because of SQLSTATE(08006), ErrorCode(0)").at("com.zaxxer.hikari.pool.ProxyConnection"),
    e(W, 4, "SQL Error: 0, SQLState: 40001").at("org.hibernate.engine.jdbc.spi.SqlExceptionHelper"),
    e(W, 3, "[Consumer clientId=orders-1, groupId=orders] Offset commit failed on partition orders-{n1} at offset {n6}: The coordinator is not aware of this member.").at("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator"),
    e(E, 2, "ERROR: could not serialize access due to concurrent update").at("org.hibernate.engine.jdbc.spi.SqlExceptionHelper"),
    e(E, 2, "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException] with root cause").at("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]").with(Body::Java(JAVA_NPE)),
    e(E, 1, "Failed to place order {n8}").at("com.example.orders.OrderService").with(Body::Java(JAVA_DB_TIMEOUT)),
];

const INVENTORY: &[Entry] = &[
    e(I, 1, "Tomcat started on port 8080 (http) with context path '/'").at("o.s.b.w.embedded.tomcat.TomcatWebServer"),
    e(D, 10, "GET \"/api/v1/stock/SKU-{n6}\", parameters={{}}").at("o.s.web.servlet.DispatcherServlet"),
    e(D, 10, "Completed 200 OK").at("o.s.web.servlet.DispatcherServlet"),
    e(I, 20, "Reserved {n2} units of SKU-{n6} for order {n8}").at("c.e.inventory.ReservationService"),
    e(I, 8, "Stock cache refreshed: {n4} SKUs in {ms} ms").at("c.e.inventory.StockCache"),
    e(W, 4, "Resolved [org.springframework.web.bind.MissingServletRequestParameterException: Required request parameter 'warehouse' for method parameter type String is not present]").at(".w.s.m.s.DefaultHandlerExceptionResolver"),
    e(W, 4, "Stock for SKU-{n6} below reorder threshold: {n1} < 10").at("c.e.inventory.ReservationService"),
    e(E, 2, "Failed to refresh stock cache").at("c.e.inventory.StockCache").with(Body::Java(JAVA_REDIS_TIMEOUT)),
    e(E, 1, "Reservation failed for order {n8}").at("c.e.inventory.ReservationService").with(Body::Java(JAVA_SERIALIZATION)),
];

const PAYMENTS: &[Entry] = &[
    e(D, 8, "Idempotency key {uuid} not seen before").at("com.example.payments.IdempotencyFilter"),
    e(
        I,
        20,
        "Payment {uuid} authorized amount={money} currency=EUR provider=stripe",
    )
    .at("com.example.payments.CaptureService"),
    e(I, 10, "Webhook evt_{b24} processed in {ms} ms").at("com.example.payments.WebhookController"),
    e(
        W,
        4,
        "Provider stripe responded 429 Too Many Requests, retrying in {ms} ms",
    )
    .at("com.example.payments.StripeClient"),
    e(
        E,
        2,
        "Payment {uuid} declined: card_declined (insufficient_funds)",
    )
    .at("com.example.payments.CaptureService"),
    e(E, 1, "Unexpected error while capturing payment {uuid}")
        .at("com.example.payments.CaptureService")
        .with(Body::Java(JAVA_READ_TIMEOUT)),
];

const KAFKA: &[Entry] = &[
    e(I, 10, "[LocalLog partition=orders-{n1}, dir=/var/lib/kafka/data] Rolled new log segment at offset {n8} in {n1} ms.").at("kafka.log.LocalLog"),
    e(I, 8, "[ProducerStateManager partition=orders-{n1}] Wrote producer snapshot at offset {n8} with 0 producer ids in {n1} ms.").at("org.apache.kafka.storage.internals.log.ProducerStateManager"),
    e(I, 4, "[GroupCoordinator 1]: Preparing to rebalance group orders in state PreparingRebalance with old generation {n3} (__consumer_offsets-{n2}) (reason: Adding new member orders-1-{uuid} with group instance id None; client reason: need to re-join with the given member-id)").at("kafka.coordinator.group.GroupCoordinator"),
    e(D, 6, "[UnifiedLog partition=orders-{n1}, dir=/var/lib/kafka/data] Incremented log start offset to {n8} due to segment deletion").at("kafka.log.UnifiedLog"),
    e(W, 2, "[ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Error sending fetch request (sessionId={n9}, epoch={n3}) to node 2:").at("kafka.server.ReplicaFetcherThread").with(Body::Java(JAVA_KAFKA_DISCONNECT)),
    e(W, 2, "[Controller id=1] Broker 3 is not responding to heartbeats; fencing it").at("kafka.controller.KafkaController"),
];

const FRONTEND: &[Entry] = &[
    e(D, 10, "rendering page | route={url} cache=miss"),
    e(I, 40, "request completed | req.method={method} req.url={url} res.statusCode={s2xx} responseTime={ms}"),
    e(I, 1, "server listening | address=http://0.0.0.0:3000"),
    e(W, 8, "request completed | req.method={method} req.url={url} res.statusCode={s4xx} responseTime={ms}"),
    e(E, 2, "request errored | req.method={method} req.url={url} res.statusCode=500 err.type=TypeError err.message=\"Cannot read properties of undefined (reading 'price')\""),
    e(E, 1, "request errored | req.url={url} err.type=Error err.message=\"connect ECONNREFUSED {ip}:8080\" err.code=ECONNREFUSED"),
];

const NOTIFY: &[Entry] = &[
    e(D, 8, "smtp connection pooled | host=smtp.sendgrid.net port=587"),
    e(I, 20, "email queued | to={email} template=order-confirmation"),
    e(I, 10, "sent push notification | device={hex16} provider=fcm"),
    e(W, 3, "smtp provider deferred message | response=\"421 4.7.0 Try again later, closing connection.\""),
    e(E, 1, "failed to send email | to={email} err.code=ETIMEDOUT err.message=\"connect ETIMEDOUT 167.89.{n2}.{n2}:587\""),
];

const WORKER: &[Entry] = &[
    e(I, 20, "Task app.tasks.send_invoice[{uuid}] received").at("celery.worker.strategy"),
    e(I, 20, "Task app.tasks.send_invoice[{uuid}] succeeded in {secs}s: None").at("celery.app.trace"),
    e(I, 2, "Connected to redis://redis-1.internal:6379/0").at("celery.worker.consumer.connection"),
    e(D, 10, "TaskPool: Apply <function fast_trace_task at 0x7f{hex9}> (args:('app.tasks.sync_inventory', '{uuid}', {{'lang': 'py', 'task': 'app.tasks.sync_inventory', 'id': '{uuid}'}}) kwargs:{{}})").at("celery.pool"),
    e(W, 4, "Task app.tasks.sync_inventory[{uuid}] retry: Retry in {n2}s: ReadTimeout(\"HTTPConnectionPool(host='inventory.default.svc.cluster.local', port=8080): Read timed out. (read timeout=10)\")").at("celery.app.trace"),
    e(E, 2, "Task app.tasks.generate_report[{uuid}] raised unexpected: KeyError('customer_id')").at("celery.app.trace").with(Body::Python(PY_KEYERROR)),
];

const BILLING: &[Entry] = &[
    e(D, 10, "({secs}) SELECT \"billing_invoice\".\"id\", \"billing_invoice\".\"status\" FROM \"billing_invoice\" WHERE \"billing_invoice\".\"account_id\" = {n6}; args=({n6},); alias=default").at("django.db.backends"),
    e(I, 20, "Invoice INV-{n6} finalized for account {n6} total={money}").at("billing.services"),
    e(I, 10, "\"GET /api/v1/invoices/{n6} HTTP/1.1\" 200 {n4}").at("django.server"),
    e(W, 6, "Not Found: /api/v1/invoices/{n6}").at("django.request"),
    e(W, 2, "Unauthorized: /api/v1/invoices/{n6}/pay").at("django.request"),
    e(E, 2, "Internal Server Error: /api/v1/invoices/{n6}/pay").at("django.request").with(Body::Python(PY_ZERO_DIVISION)),
    e(C, 1, "WORKER TIMEOUT (pid:{pid})").at("gunicorn.error"),
];

const INGEST: &[Entry] = &[
    e(
        T,
        4,
        "TRACE ingest::source::kafka: poll returned {n2} records",
    ),
    e(
        D,
        10,
        "DEBUG ingest::source::kafka: fetched {n3} records from partition {n1}",
    ),
    e(
        I,
        20,
        "INFO ingest::sink: flushed batch rows={n4} bytes={n6} elapsed={dur}",
    ),
    e(
        W,
        4,
        "WARN ingest::sink: backpressure: queue {n3}/1024 full, slowing consumer",
    ),
    e(
        E,
        2,
        "ERROR ingest::sink: batch insert failed: error returned from database: deadlock detected",
    ),
    e(C, 1, "").with(Body::RustPanic {
        thread: "tokio-runtime-worker",
        at: "src/sink/batch.rs:88:14",
        msg: "called `Option::unwrap()` on a `None` value",
    }),
];

const COREDNS: &[Entry] = &[
    e(I, 30, "[INFO] {ip}:{port} - {n5} \"A IN {fqdn}. udp {n2} false 512\" NOERROR qr,aa,rd {n3} 0.000{n3}s"),
    e(I, 10, "[INFO] {ip}:{port} - {n5} \"AAAA IN {fqdn}. udp {n2} false 512\" NOERROR qr,aa,rd {n3} 0.000{n3}s"),
    e(I, 6, "[INFO] {ip}:{port} - {n5} \"A IN {word}.svc.cluster.local. udp {n2} false 512\" NXDOMAIN qr,aa,rd {n3} 0.000{n3}s"),
    e(I, 1, "[INFO] Reloading complete"),
    e(W, 1, "[WARNING] No files matching import glob pattern: custom/*.override"),
];

const RUNNER: &[Entry] = &[
    e(I, 4, "##[group]Run actions/checkout@v4"),
    e(I, 6, "##[endgroup]"),
    e(I, 4, "[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +{hex40}:refs/remotes/origin/main"),
    e(I, 20, "   Compiling {crate} v1.{n2}.{n1}"),
    e(I, 10, "  Downloaded {crate} v1.{n2}.{n1}"),
    e(I, 20, "test {testname} ... ok"),
    e(I, 2, "    Finished `release` profile [optimized + debuginfo] target(s) in {n2}.{n2}s"),
    e(I, 2, "added {n3} packages, and audited {n3} packages in {n1}s"),
    e(D, 6, "##[debug]Evaluating condition for step: 'Run cargo test --locked'"),
    e(W, 2, "##[warning]The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files."),
    e(W, 4, "warning: unused variable: `{word}`"),
    e(E, 1, "error[E0425]: cannot find value `{word}` in this scope"),
    e(E, 1, "test {testname} ... FAILED"),
    e(E, 1, "##[error]Process completed with exit code 101."),
];

/// Every program of the background, in a fixed order (the order is part of the output).
pub(crate) static SERVICES: &[Service] = &[
    svc("kernel", "db-1", Kind::System, Format::Syslog, 2, KERNEL),
    svc(
        "systemd",
        "web-1",
        Kind::System,
        Format::Journal,
        3,
        SYSTEMD,
    ),
    svc("sshd", "bastion-1", Kind::System, Format::Syslog, 2, SSHD),
    svc("CRON", "db-1", Kind::System, Format::Syslog, 1, CRON),
    svc(
        "chronyd",
        "web-2",
        Kind::System,
        Format::Journal,
        1,
        CHRONYD,
    ),
    svc(
        "postgres",
        "db-1",
        Kind::System,
        Format::Syslog,
        5,
        POSTGRES,
    ),
    svc(
        "redis-server",
        "cache-1",
        Kind::System,
        Format::Syslog,
        2,
        REDIS,
    ),
    svc("haproxy", "lb-1", Kind::System, Format::Rfc5424, 6, HAPROXY),
    svc("nginx", "web-1", Kind::Access, Format::Access, 30, ACCESS),
    svc(
        "apache2",
        "legacy-1",
        Kind::Access,
        Format::Access,
        5,
        ACCESS,
    ),
    svc(
        "nginx",
        "web-1",
        Kind::WebError,
        Format::NginxError,
        2,
        NGINX_ERROR,
    ),
    svc(
        "api-gateway",
        "k8s-node-1",
        Kind::Go,
        Format::Zap,
        10,
        GATEWAY,
    )
    .origins(&[
        "proxy/handler.go:88",
        "proxy/router.go:142",
        "middleware/auth.go:57",
    ]),
    svc(
        "auth-service",
        "k8s-node-2",
        Kind::Go,
        Format::Logrus,
        4,
        AUTH,
    ),
    svc("ledger", "k8s-node-3", Kind::Go, Format::Logfmt, 3, LEDGER).origins(&[
        "settle/batch.go:119",
        "store/postgres.go:204",
        "api/transfer.go:77",
    ]),
    svc("etcd", "k8s-master-1", Kind::Go, Format::Zap, 2, ETCD).origins(&[
        "mvcc/index.go:214",
        "mvcc/kvstore_compaction.go:68",
        "etcdserver/util.go:170",
    ]),
    svc(
        "prometheus",
        "mon-1",
        Kind::Go,
        Format::Logfmt,
        2,
        PROMETHEUS,
    )
    .origins(&[
        "head.go:1390",
        "compact.go:724",
        "scrape.go:1754",
        "notifier.go:532",
    ]),
    svc("dockerd", "legacy-1", Kind::Go, Format::Logfmt, 2, DOCKERD),
    svc(
        "kubelet",
        "k8s-node-1",
        Kind::Kube,
        Format::Klog,
        6,
        KUBELET,
    )
    .origins(&[
        "kubelet.go:2455",
        "scope.go:117",
        "kuberuntime_container.go:779",
        "reconciler_common.go:258",
        "prober.go:107",
        "pod_workers.go:1301",
    ]),
    svc(
        "kube-scheduler",
        "k8s-master-1",
        Kind::Kube,
        Format::Klog,
        1,
        SCHEDULER,
    )
    .origins(&["schedule_one.go:286", "schedule_one.go:1032"]),
    svc("orders", "k8s-node-2", Kind::Java, Format::Log4j, 6, ORDERS).thread("http-nio-8080-exec-"),
    svc(
        "inventory",
        "k8s-node-3",
        Kind::Java,
        Format::Spring,
        4,
        INVENTORY,
    )
    .thread("http-nio-8080-exec-"),
    svc(
        "payments",
        "k8s-node-1",
        Kind::Java,
        Format::Ecs,
        4,
        PAYMENTS,
    )
    .thread("http-nio-8443-exec-"),
    svc("kafka", "kafka-0", Kind::Java, Format::Log4j, 3, KAFKA)
        .thread("data-plane-kafka-request-handler-"),
    svc(
        "frontend",
        "k8s-node-2",
        Kind::Node,
        Format::Pino,
        6,
        FRONTEND,
    ),
    svc(
        "notifications",
        "k8s-node-3",
        Kind::Node,
        Format::Bunyan,
        2,
        NOTIFY,
    ),
    svc(
        "worker",
        "k8s-node-1",
        Kind::Python,
        Format::Python,
        5,
        WORKER,
    ),
    svc(
        "billing-api",
        "k8s-node-2",
        Kind::Python,
        Format::Python,
        4,
        BILLING,
    ),
    svc("ingest", "db-1", Kind::Rust, Format::Journal, 3, INGEST),
    svc(
        "coredns",
        "k8s-node-3",
        Kind::System,
        Format::Rfc5424,
        4,
        COREDNS,
    ),
    svc("runner", "gh-runner-1", Kind::Ci, Format::Gha, 3, RUNNER),
];

/// Index in [`SERVICES`] of the program called `name` of that kind (nginx writes two logs).
pub(crate) fn service_index(name: &str, kind: Kind) -> Option<usize> {
    SERVICES
        .iter()
        .position(|s| s.name == name && s.kind == kind)
}
