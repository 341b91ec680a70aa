"""Ruby, PHP, Swift, Lua and Bash: the rules each query documents in its header."""

from __future__ import annotations

from ragex_lsp.core import languages
from tests.extract_helpers import check

# ---------------------------------------------------------------- Ruby


def test_ruby_singleton_methods_and_class_self_blocks() -> None:
    check(
        "ruby",
        """\
        class Cache
          def self.build(size) = new(size)

          class << self
            def instance
              @instance ||= build(10)
            end
          end

          def initialize(size) # capacity
            @size = size
          end
        end

        def Cache.reset!; end
        """,
        """
        class Cache :1 — class Cache
          method build :2 — def self.build(size)
          method instance :5 — def instance
          constructor initialize :10 — def initialize(size)
        method reset! :15 (in Cache) — def Cache.reset!
        """,
    )


def test_ruby_scoped_names_constants_and_struct_classes() -> None:
    check(
        "ruby",
        """\
        module Shop::Billing
          RATE, LIMIT = 0.19, 5
          Point = Struct.new(:x, :y) do
            def norm
              Math.sqrt(x * x + y * y)
            end
          end
          Error = Class.new(StandardError)
        end

        class Shop::Billing::Invoice < Base
          attr_accessor :total, :currency
          @@count = 0
        end

        Shop::TIMEOUT = 30
        $verbose = false
        """,
        """
        module Billing :1 (in Shop) — module Shop::Billing
          constant RATE :2 — RATE
          constant LIMIT :2 — LIMIT
          struct Point :3 — Point = Struct.new(:x, :y)
            method norm :4 — def norm
          class Error :8 — Error = Class.new(StandardError)
        class Invoice :11 (in Billing) — class Shop::Billing::Invoice < Base
          property :total :12 — :total
          property :currency :12 — :currency
          field @@count :13 — @@count = 0
        constant TIMEOUT :16 (in Shop) — Shop::TIMEOUT = 30
        variable $verbose :17 — $verbose = false
        """,
    )


def test_ruby_method_locals_are_left_out() -> None:
    check(
        "ruby",
        """\
        def run(args)
          count = 0
          helper = ->(x) { x + 1 }
          def nested; end
        end
        """,
        """
        function run :1
          function nested :4
        """,
    )


# ---------------------------------------------------------------- PHP


def test_php_braced_namespace_and_member_details() -> None:
    check(
        "php",
        """\
        <?php
        namespace App\\Models {
            #[Entity]
            final class User extends Model implements JsonSerializable
            {
                public const TABLE = 'users', KEY = 'id';
                private static ?int $count = null;
                protected $name, $email;

                public function __construct(private string $id) {}

                abstract protected function label(): string;
            }
        }
        """,
        """
        namespace App\\Models :2 — namespace App\\Models
          class User :3 — #[Entity] final class User extends Model implements JsonSerializable
            constant TABLE :6 — TABLE = 'users'
            constant KEY :6 — KEY = 'id'
            property $count :7 — private static ?int $count = null
            property $name :8 — $name
            property $email :8 — $email
            constructor __construct :10 — public function __construct(private string $id)
            method label :12 — abstract protected function label(): string
        """,
    )


def test_php_top_level_constants_variables_and_closures() -> None:
    check(
        "php",
        """\
        <?php
        namespace App;

        const VERSION = '2.0';
        define('ROOT', __DIR__);
        $config = require 'config.php';
        $handler = function (Request $r): Response {
            $local = 1;
            return new Response();
        };
        $double = fn(int $x): int => $x * 2;

        function boot(array $opts = []): void
        {
            $started = true;
            define('BOOTED', true);
        }

        enum Suit: string
        {
            case Hearts = 'H';
        }
        """,
        """
        namespace App :2 — namespace App
        constant VERSION :4 — const VERSION = '2.0'
        constant ROOT :5 — define('ROOT', __DIR__)
        variable $config :6 — $config = require 'config.php'
        function $handler :7 — $handler = function (Request $r): Response
        function $double :11 — $double = fn(int $x): int
        function boot :13 — function boot(array $opts = []): void
        enum Suit :19 — enum Suit: string
          enum_member Hearts :21 — case Hearts = 'H'
        """,
    )


def test_php_interfaces_and_traits() -> None:
    check(
        "php",
        """\
        <?php
        interface Cache { public function get(string $key): mixed; }
        trait Timestamps { public ?int $createdAt = null; }
        """,
        """
        interface Cache :2
          method get :2
        interface Timestamps :3
          property $createdAt :3
        """,
    )


# ---------------------------------------------------------------- Swift


def test_swift_extensions_take_the_extended_type_as_container() -> None:
    check(
        "swift",
        """\
        struct Money {
            let cents: Int
        }

        extension Money: Comparable {
            static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
            var euros: Double { Double(cents) / 100 }
        }

        extension Array where Element == Money {
            func total() -> Money { Money(cents: map(\\.cents).reduce(0, +)) }
        }
        """,
        """
        struct Money :1 — struct Money
          property cents :2 — let cents: Int
        object extension Money: Comparable :5 — extension Money: Comparable
          method < :6 (in Money) — static func < (lhs: Money, rhs: Money) -> Bool
          property euros :7 (in Money) — var euros: Double
        object extension Array where Element == Money :10 — extension Array where Element == Money
          method total :11 (in Array) — func total() -> Money
        """,
    )


def test_swift_properties_cases_and_locals() -> None:
    check(
        "swift",
        """\
        let maxItems = 10, minItems = 1
        var cache: [String: Int] = [:]

        enum Direction {
            case north, south
            case custom(angle: Double)
        }

        final class Cart {
            private(set) var items: [String] = []
            var count: Int {
                let n = items.count
                return n
            }
            var total = 0 {
                didSet { print(total) }
            }
            init() {
                let start = 0
            }
            deinit {}
        }
        """,
        """
        constant maxItems :1 — maxItems
        constant minItems :1 — minItems
        variable cache :2 — var cache: [String: Int] = [:]
        enum Direction :4 — enum Direction
          enum_member north :5 — north
          enum_member south :5 — south
          enum_member custom :6 — case custom(angle: Double)
        class Cart :9 — final class Cart
          property items :10 — private(set) var items: [String] = []
          property count :11 — var count: Int
          property total :15 — var total = 0
          constructor init :18 — init()
          method deinit :21 — deinit
        """,
    )


def test_swift_protocols() -> None:
    check(
        "swift",
        """\
        protocol Store: AnyObject {
            associatedtype Item
            var count: Int { get set }
            init(name: String)
            func item(at index: Int) -> Item?
            subscript(key: String) -> Item? { get }
        }
        typealias Completion = (Error?) -> Void
        """,
        """
        interface Store :1 — protocol Store: AnyObject
          type_parameter Item :2 — associatedtype Item
          property count :3 — var count: Int
          constructor init :4 — init(name: String)
          method item :5 — func item(at index: Int) -> Item?
          method subscript :6 — subscript(key: String) -> Item?
        type_parameter Completion :8 — typealias Completion = (Error?) -> Void
        """,
    )


# ---------------------------------------------------------------- Lua


def test_lua_module_functions_and_methods() -> None:
    check(
        "lua",
        """\
        local M = {}
        M.VERSION = "1.0"

        function M.new(opts)
          local self = setmetatable({}, M)
          return self
        end

        function M:start(port)
          local function loop() end
        end

        function M.util.trim(s) return (s:gsub("^%s+", "")) end

        M.stop = function(self) end

        return M
        """,
        """
        module M :1 — local M
        field VERSION :2 (in M) — M.VERSION = "1.0"
        function new :4 (in M) — function M.new(opts)
        method start :9 (in M) — function M:start(port)
          function loop :10 — local function loop() end
        function trim :13 (in util) — function M.util.trim(s)
        function stop :15 (in M) — M.stop = function(self) end
        """,
    )


def test_lua_top_level_variables_constants_and_table_functions() -> None:
    check(
        "lua",
        """\
        local insert, concat = table.insert, table.concat
        local MAX_RETRIES = 3
        counter = 0
        local Parser = {
          parse = function(self, text)
            local tokens = {}
            return tokens
          end,
          strict = true,
        }
        local handler = function(event) print(event) end
        for i = 1, 3 do
          local x = i
        end
        """,
        """
        variable insert :1 — insert
        variable concat :1 — concat
        constant MAX_RETRIES :2 — local MAX_RETRIES = 3
        variable counter :3 — counter = 0
        variable Parser :4 — local Parser
          function parse :5 — parse = function(self, text)
        function handler :11 — local handler = function(event)
        """,
    )


# ---------------------------------------------------------------- Bash


def test_bash_function_forms_and_locals() -> None:
    check(
        "bash",
        """\
        greet() {
          local name="$1"
          count=1
          echo "hi $name"
        }

        function build {
          helper() { :; }
          helper
        }

        function clean() (
          rm -rf build
        )
        """,
        """
        function greet :1 — greet()
        function build :7 — function build
          function helper :8 — helper()
        function clean :12 — function clean()
        """,
    )


def test_bash_top_level_variables_and_constants() -> None:
    check(
        "bash",
        """\
        readonly PREFIX=/usr/local
        declare -r RETRIES=3
        declare -A HOSTS
        export PATH="$PREFIX/bin:$PATH"
        export CC=gcc CXX=g++
        export EDITOR
        mode=release
        mode+=-lto
        LANG=C sort names.txt
        if [ -n "${CI:-}" ]; then
          mode=ci
        fi
        """,
        """
        constant PREFIX :1 — readonly PREFIX=/usr/local
        constant RETRIES :2 — declare -r RETRIES=3
        variable HOSTS :3 — declare -A HOSTS
        variable PATH :4 — export PATH="$PREFIX/bin:$PATH"
        variable CC :5 — CC=gcc
        variable CXX :5 — CXX=g++
        variable mode :7 — mode=release
        """,
    )


def test_scripting_shebangs_and_file_names_pick_the_language() -> None:
    assert languages.detect("deploy", b"#!/usr/bin/env bash\nset -e\n").name == "bash"
    assert languages.detect("tool", b"#!/usr/bin/env ruby\n").name == "ruby"
    assert languages.detect("Rakefile").name == "ruby"
    assert languages.detect("run", b"#!/usr/bin/lua5.4\n").name == "lua"
    assert languages.detect("index.phtml").name == "php"
