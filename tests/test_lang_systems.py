"""Go, Rust, C and C++ extraction: the rules a fixture does not pin down."""

from __future__ import annotations

from tests.extract_helpers import EXTRACTOR, check

# --- Go ------------------------------------------------------------------


def test_go_methods_take_the_bare_receiver_type_as_container() -> None:
    check(
        "go",
        """\
        package srv

        func (s *Server[K, V]) Serve(ctx context.Context) error { return nil }
        func (Server[K, V]) Name() string { return "" }
        func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
        """,
        """\
        package srv :1 — package srv
        method Serve :3 (in Server) — func (s *Server[K, V]) Serve(ctx context.Context) error
        method Name :4 (in Server) — func (Server[K, V]) Name() string
        method ServeHTTP :5 (in handler) — func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request)
        """,
    )


def test_go_single_and_grouped_declarations() -> None:
    # a single declaration spans `const X = ...`; in a group each spec spans
    # itself; several names in one spec are siblings
    check(
        "go",
        """\
        package p

        const Timeout = 30
        const (
            Low Level = iota
            High
            a, b = 1, 2
        )
        var (
            mu      sync.Mutex
            x, y, z int
        )
        var cache = map[string]int{
            "a": 1,
        }
        type ID = string
        type (
            Handler func(int) error
            pair    struct{ k, v string }
        )
        """,
        """\
        package p :1 — package p
        constant Timeout :3 — const Timeout = 30
        constant Low :5 — Low Level = iota
        constant High :6 — High
        constant a :7 — a
        constant b :7 — b
        variable mu :10 — mu sync.Mutex
        variable x :11 — x
        variable y :11 — y
        variable z :11 — z
        variable cache :13 — var cache = map[string]int
        type_parameter ID :16 — type ID = string
        type_parameter Handler :18 — Handler func(int) error
        struct pair :19 — pair struct
          field k :19 — k
          field v :19 — v
        """,
    )


def test_go_struct_fields_interfaces_and_no_locals() -> None:
    check(
        "go",
        """\
        package p

        type Conn struct {
            net.Conn
            *bufio.Reader
            sync.Mutex
            closed bool
        }

        type Store interface {
            Get(key string) ([]byte, error)
            io.Closer
        }

        func Open(path string) (*Conn, error) {
            const retries = 3
            var c Conn
            type result struct{ err error }
            return &c, nil
        }
        """,
        """\
        package p :1
        struct Conn :3
          field Conn :4
          field Reader :5
          field Mutex :6
          field closed :7
        interface Store :10
          method Get :11
        function Open :15
          struct result :18
            field err :18
        """,
    )


# --- Rust ----------------------------------------------------------------


def test_rust_impl_blocks_name_and_contain_their_items() -> None:
    check(
        "rust",
        """\
        impl<T: Clone> From<Vec<T>> for Stack<T>
        where
            T: Default,
        {
            const LIMIT: usize = 8;
            type Item = T;
            fn from(v: Vec<T>) -> Self {
                fn helper() {}
                let n = v.len();
                Stack { items: v }
            }
        }
        """,
        """\
        object impl<T: Clone> From<Vec<T>> for Stack<T> :1 — impl<T: Clone> From<Vec<T>> for Stack<T>
          constant LIMIT :5 (in Stack) — const LIMIT: usize = 8
          type_parameter Item :6 (in Stack) — type Item = T
          method from :7 (in Stack) — fn from(v: Vec<T>) -> Self
            function helper :8 — fn helper()
        """,
    )


def test_rust_traits_mods_enums_and_items() -> None:
    # functions in a `mod` stay functions (mod is a namespace)
    check(
        "rust",
        """\
        pub trait Store: Send {
            const NAME: &'static str;
            type Key;
            fn get(&self, key: &Self::Key) -> Option<Vec<u8>>;
        }

        pub enum Event {
            Put { key: String },
            Delete(String),
        }

        #[cfg(test)]
        mod tests {
            static CALLS: AtomicUsize = AtomicUsize::new(0);
            fn it_works() {}
        }

        pub(crate) struct Unit;
        pub type Result<T> = std::result::Result<T, Error>;
        macro_rules! try_io { ($e:expr) => { $e? }; }
        """,
        """\
        interface Store :1 — pub trait Store: Send
          constant NAME :2 — const NAME: &'static str
          type_parameter Key :3 — type Key
          method get :4 — fn get(&self, key: &Self::Key) -> Option<Vec<u8>>
        enum Event :7 — pub enum Event
          enum_member Put :8 — Put
            field key :8 — key: String
          enum_member Delete :9 — Delete
        namespace tests :13 — mod tests
          variable CALLS :14 — static CALLS: AtomicUsize = AtomicUsize::new(0)
          function it_works :15 — fn it_works()
        struct Unit :18 — pub(crate) struct Unit
        type_parameter Result :19 — pub type Result<T> = std::result::Result<T, Error>
        constant try_io :20 — macro_rules! try_io
        """,
    )


# --- C -------------------------------------------------------------------


def test_c_prototypes_typedefs_and_guards() -> None:
    check(
        "c",
        """\
        #ifndef STORE_H
        #define STORE_H
        #define STORE_MAX (STORE_BASE /* 2 */ | STORE_FLAG)
        #define STORE_KEY(s, i) ((s)->keys[i])

        typedef struct store store_t;
        typedef struct entry { const char *key; } entry_t, *entry_p;
        typedef struct { int hits, misses, errors; } stats_t;
        typedef int (*cmp_fn)(const void *, const void *);

        store_t *store_open(const char *path, int flags);
        int (*store_comparator(void))(const void *, const void *);
        #endif
        """,
        """\
        constant STORE_MAX :3 — #define STORE_MAX (STORE_BASE /* 2 */ | STORE_FLAG)
        constant STORE_KEY :4 — #define STORE_KEY(s, i)
        type_parameter store_t :6 — typedef struct store store_t
        struct entry :7 — struct entry
          field key :7 — const char *key
        type_parameter entry_t :7 — entry_t
        type_parameter entry_p :7 — *entry_p
        struct stats_t :8 — typedef struct
          field hits :8 — hits
          field misses :8 — misses
          field errors :8 — errors
        type_parameter cmp_fn :9 — typedef int (*cmp_fn)(const void *, const void *)
        function store_open :11 — store_t *store_open(const char *path, int flags)
        function store_comparator :12 — int (*store_comparator(void))(const void *, const void *)
        """,
    )


def test_c_globals_constants_and_no_locals() -> None:
    check(
        "c",
        """\
        static const int retries = 3;
        const char *greeting = "hi";
        const char *const name = "store";
        int count = 0, *last, table[4][4];
        extern struct store *default_store;
        void (*on_error)(int code) = NULL;

        int store_close(store_t *s)
        {
            static int closed;
            int rc = 0;
        #define CLOSE_FLAGS 0
            return rc;
        }
        """,
        """\
        constant retries :1 — static const int retries
        variable greeting :2 — const char *greeting
        constant name :3 — const char *const name
        variable count :4 — count
        variable last :4 — *last
        variable table :4 — table[4][4]
        variable default_store :5 — extern struct store *default_store
        variable on_error :6 — void (*on_error)(int code)
        function store_close :8 — int store_close(store_t *s)
        """,
    )


# --- C++ -----------------------------------------------------------------


def test_cpp_out_of_line_definitions_take_their_scope_as_container() -> None:
    check(
        "cpp",
        """\
        namespace net {
        void Server::start(int port) { int local = port; }
        Server::Server() : port_(0) {}
        Server::~Server() {}
        bool Server::operator==(const Server& o) const { return true; }
        const std::string& net::Client::name() const { return name_; }
        int Server::instances = 0;
        }
        """,
        """\
        namespace net :1 — namespace net
          method start :2 (in Server) — void Server::start(int port)
          constructor Server :3 (in Server) — Server::Server() : port_(0)
          constructor ~Server :4 (in Server) — Server::~Server()
          operator operator== :5 (in Server) — bool Server::operator==(const Server& o) const
          method name :6 (in Client) — const std::string& net::Client::name() const
          field instances :7 (in Server) — int Server::instances
        """,
    )


def test_cpp_templates_span_their_template_line() -> None:
    check(
        "cpp",
        """\
        template <typename T>
        class Ring : public Base<T> {
        public:
            explicit Ring(std::size_t n);
            virtual ~Ring() = default;
            T& operator[](std::size_t i) { return items_[i]; }
            template <typename F>
            void each(F f) const;
            static constexpr int kMax = 64;
        private:
            std::vector<T> items_;
        };

        template <typename T>
        Ring<T>::Ring(std::size_t n) : items_(n) {}

        template <class T>
        using RingPtr = std::unique_ptr<Ring<T>>;
        """,
        """\
        class Ring :1 — template <typename T> class Ring : public Base<T>
          constructor Ring :4 — explicit Ring(std::size_t n)
          constructor ~Ring :5 — virtual ~Ring() = default
          operator operator[] :6 — T& operator[](std::size_t i)
          method each :7 — template <typename F> void each(F f) const
          field kMax :9 — static constexpr int kMax
          field items_ :11 — std::vector<T> items_
        constructor Ring :14 (in Ring) — template <typename T> Ring<T>::Ring(std::size_t n) : items_(n)
        type_parameter RingPtr :17 — template <class T> using RingPtr = std::unique_ptr<Ring<T>>
        """,
    )


def test_cpp_locals_are_not_prototypes() -> None:
    # `std::string s(buf, n);` parses as a prototype; in a body it is a local
    check(
        "cpp",
        """\
        std::ostream& operator<<(std::ostream& os, const Point& p);
        int parse(const char* text);
        extern "C" int c_entry(void);

        void run(const char* buf, int n) {
            std::string s(buf, n);
            std::lock_guard<std::mutex> lock(mu);
            enum class State { Idle, Busy };
            struct Local { int v; };
        }
        """,
        """\
        operator operator<< :1
        function parse :2
        function c_entry :3
        function run :5
          enum State :8
            enum_member Idle :8
            enum_member Busy :8
          struct Local :9
            field v :9
        """,
    )


def test_queries_compile_and_parse_empty_files() -> None:
    for language in ("go", "rust", "c", "cpp"):
        assert EXTRACTOR.extract(language, b"") == []
