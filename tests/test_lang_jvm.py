"""Java, C#, Kotlin and Scala: the rules each query documents in its header."""

from __future__ import annotations

from tests.extract_helpers import check

# ---------------------------------------------------------------- Java


def test_java_fields_constants_and_details() -> None:
    check(
        "java",
        """\
        package com.acme;

        public class Limits {
            public static final int MAX = 10;
            final static String NAME = "x";
            private int a, b = 2;
            protected final java.util.List<String> names = new java.util.ArrayList<>();
            static final String TABLE =
                "aa" // first
                + "bb";
            interface Keys {
                int FIRST = 1, SECOND = 2;
            }
        }
        """,
        """
        package com.acme :1 — package com.acme
        class Limits :3 — public class Limits
          constant MAX :4 — public static final int MAX
          constant NAME :5 — final static String NAME
          field a :6 — a
          field b :6 — b = 2
          field names :7 — protected final java.util.List<String> names
          constant TABLE :8 — static final String TABLE
          interface Keys :11 — interface Keys
            constant FIRST :12 — FIRST = 1
            constant SECOND :12 — SECOND = 2
        """,
    )


def test_java_member_details() -> None:
    check(
        "java",
        """\
        @FunctionalInterface
        interface Mapper<T> {
            <R> R map(T value) throws Exception;
        }

        abstract class Base {
            @Override
            public abstract String toString();
            protected Base(int size) {
            }
        }

        enum Level {
            LOW, HIGH(2) {
                int weight() { return 2; }
            };
            Level() {}
            Level(int w) {}
        }

        record Point(int x, int y) {
            Point {
                assert x >= 0;
            }
        }

        @interface Tag {
            String value() default "";
        }
        """,
        """
        interface Mapper :1 — @FunctionalInterface interface Mapper<T>
          method map :3 — <R> R map(T value) throws Exception
        class Base :6 — abstract class Base
          method toString :7 — @Override public abstract String toString()
          constructor Base :9 — protected Base(int size)
        enum Level :13 — enum Level
          enum_member LOW :14 — LOW
          enum_member HIGH :14 — HIGH(2)
            method weight :15 — int weight()
          constructor Level :17 — Level()
          constructor Level :18 — Level(int w)
        class Point :21 — record Point(int x, int y)
          field x :21 — int x
          field y :21 — int y
          constructor Point :22 — Point
        interface Tag :27 — @interface Tag
          method value :28 — String value() default ""
        """,
    )


def test_java_anonymous_and_local_classes() -> None:
    # an anonymous class has no symbol: its methods sit under the enclosing
    # member, its fields inside a method are locals and dropped
    check(
        "java",
        """\
        class Worker {
            Runnable task = new Runnable() {
                public void run() {}
            };

            Thread start() {
                int attempts = 0;
                class Local {
                    int tries;
                }
                return new Thread() {
                    private boolean done;
                    public void run() {}
                };
            }
        }
        """,
        """
        class Worker :1
          field task :2
            method run :3
          method start :6
            class Local :8
              field tries :9
            method run :13
        """,
    )


def test_java_module_declaration() -> None:
    check(
        "java",
        """\
        module com.acme.app {
            requires java.base;
            exports com.acme.api;
        }
        """,
        """
        module com.acme.app :1 — module com.acme.app
        """,
    )


# ---------------------------------------------------------------- C#


def test_csharp_namespaces_block_and_file_scoped() -> None:
    check(
        "csharp",
        """\
        namespace Acme.Outer
        {
            class A { }
        }
        """,
        """
        namespace Acme.Outer :1 — namespace Acme.Outer
          class A :3 — class A
        """,
    )
    # a file-scoped namespace does not enclose what follows in the grammar
    check(
        "csharp",
        """\
        namespace Acme.Scoped;

        public record Person(string First, string Last);
        public record struct Pair(int Left, int Right);
        """,
        """
        namespace Acme.Scoped :1 — namespace Acme.Scoped
        class Person :3 — public record Person(string First, string Last)
          property First :3 — string First
          property Last :3 — string Last
        struct Pair :4 — public record struct Pair(int Left, int Right)
          property Left :4 — int Left
          property Right :4 — int Right
        """,
    )


def test_csharp_member_kinds_and_details() -> None:
    check(
        "csharp",
        """\
        public abstract class Shape
        {
            public const double Pi = 3.14, Tau = 6.28;
            protected int width, height = 1;
            public event EventHandler Moved, Resized;
            public delegate bool Filter(Shape s);
            public string Name { get; set; } = "";
            public double this[int i] => i;
            public abstract double Area();
            public static Shape operator *(Shape s, double k) => s;
            public static implicit operator string(Shape s) => s.Name;
            ~Shape() { }
            public void Draw()
            {
                var local = 1;
                string Label() => Name;
            }
        }
        """,
        """
        class Shape :1 — public abstract class Shape
          constant Pi :3 — Pi = 3.14
          constant Tau :3 — Tau = 6.28
          field width :4 — width
          field height :4 — height = 1
          event Moved :5 — Moved
          event Resized :5 — Resized
          type_parameter Filter :6 — public delegate bool Filter(Shape s)
          property Name :7 — public string Name
          property this :8 — public double this[int i]
          method Area :9 — public abstract double Area()
          operator * :10 — public static Shape operator *(Shape s, double k)
          operator string :11 — public static implicit operator string(Shape s)
          method Draw :13 — public void Draw()
            function Label :16 — string Label()
        """,
    )


def test_csharp_interface_and_explicit_implementation() -> None:
    check(
        "csharp",
        """\
        interface IStore
        {
            int Count { get; }
            void Save(string key);
            event Action Saved;
        }

        struct Memory : IStore
        {
            int IStore.Count => 0;
            void IStore.Save(string key) { }
            public event Action Saved { add { } remove { } }
        }
        """,
        """
        interface IStore :1 — interface IStore
          property Count :3 — int Count
          method Save :4 — void Save(string key)
          event Saved :5 — event Action Saved
        struct Memory :8 — struct Memory : IStore
          property Count :10 — int IStore.Count
          method Save :11 — void IStore.Save(string key)
          event Saved :12 — public event Action Saved
        """,
    )


# ---------------------------------------------------------------- Kotlin


def test_kotlin_extensions_take_the_receiver_as_container() -> None:
    check(
        "kotlin",
        """\
        package com.acme.ext

        fun <T> List<T>.second(): T = this[1]
        fun Map<String, Int>?.total(): Int = 0
        val String.lastChar: Char
            get() = this[length - 1]

        class Box {
            fun String.shout() = uppercase()
        }
        """,
        """
        package com.acme.ext :1 — package com.acme.ext
        function second :3 (in List) — fun <T> List<T>.second(): T
        function total :4 (in Map) — fun Map<String, Int>?.total(): Int
        property lastChar :5 (in String) — val String.lastChar: Char
        class Box :8 — class Box
          method shout :9 (in String) — fun String.shout()
        """,
    )


def test_kotlin_properties_objects_and_constructors() -> None:
    check(
        "kotlin",
        """\
        const val LIMIT = 3
        val registry = mutableListOf<String>()
        val (first, rest) = "a" to "b"

        class User(val name: String, age: Int) {
            var nickname: String? = null
            val upper by lazy { name.uppercase() }

            constructor(name: String) : this(name, 0)

            fun greet(): String {
                val greeting = "hi"
                return greeting
            }

            companion object Factory {
                fun create() = User("x")
            }
        }

        class Config {
            companion object {
                const val VERSION = 1
            }
        }

        object Registry {
            val listener = object : Runnable {
                override fun run() {}
            }
        }
        """,
        """
        constant LIMIT :1 — const val LIMIT
        variable registry :2 — val registry
        variable first :3 — first
        variable rest :3 — rest
        class User :5 — class User(val name: String, age: Int)
          property name :5 — val name: String
          property nickname :6 — var nickname: String?
          property upper :7 — val upper
          constructor constructor :9 — constructor(name: String) : this(name, 0)
          method greet :11 — fun greet(): String
          object Factory :16 — companion object Factory
            method create :17 — fun create()
        class Config :21 — class Config
          object companion :22 — companion object
            constant VERSION :23 — const val VERSION
        object Registry :27 — object Registry
          property listener :28 — val listener
            method run :29 — override fun run()
        """,
    )


def test_kotlin_type_kinds() -> None:
    check(
        "kotlin",
        """\
        typealias Handler = (String) -> Unit
        interface Source { fun read(): Int }
        fun interface Sink { fun write(b: Int) }
        enum class Mode { READ, WRITE }
        sealed class Result {
            data class Ok(val value: Int) : Result()
            object Failed : Result()
        }
        annotation class Marker
        """,
        """
        type_parameter Handler :1 — typealias Handler = (String) -> Unit
        interface Source :2 — interface Source
          method read :2 — fun read(): Int
        interface Sink :3 — fun interface Sink
          method write :3 — fun write(b: Int)
        enum Mode :4 — enum class Mode
          enum_member READ :4 — READ
          enum_member WRITE :4 — WRITE
        class Result :5 — sealed class Result
          class Ok :6 — data class Ok(val value: Int) : Result()
            property value :6 — val value: Int
          object Failed :7 — object Failed : Result()
        class Marker :9 — annotation class Marker
        """,
    )


# ---------------------------------------------------------------- Scala


def test_scala_vals_vars_and_constants() -> None:
    check(
        "scala",
        """\
        val topLevel: Int = 1
        var counter = 0

        object Config {
          final val MaxSize = 100
          val Red, Green = Value
          val timeout: Int = 5
          var (lo, hi) = (0, 1)
          val computed = {
            val tmp = 2
            tmp * 2
          }
          def load(): Unit = {
            val Local = 1
            var scratch = 2
          }
        }

        trait Store {
          val name: String
          var size: Int
        }
        """,
        """
        variable topLevel :1 — val topLevel: Int
        variable counter :2 — var counter
        object Config :4 — object Config
          constant MaxSize :5 — final val MaxSize
          constant Red :6 — Red
          constant Green :6 — Green
          field timeout :7 — val timeout: Int
          field lo :8 — lo
          field hi :8 — hi
          field computed :9 — val computed
          method load :13 — def load(): Unit
        interface Store :19 — trait Store
          field name :20 — val name: String
          field size :21 — var size: Int
        """,
    )


def test_scala_classes_parameters_and_constructors() -> None:
    check(
        "scala",
        """\
        package shop {
          case class Item(sku: String, var qty: Int)
          class Cart(val owner: String, limit: Int) {
            def this(owner: String) = this(owner, 10)
            def add(item: Item): Cart = this
            type Line = (Item, Int)
          }
          sealed trait Event
          case object Cleared extends Event
        }
        """,
        """
        package shop :1 — package shop
          class Item :2 — case class Item(sku: String, var qty: Int)
            field sku :2 — sku: String
            field qty :2 — var qty: Int
          class Cart :3 — class Cart(val owner: String, limit: Int)
            field owner :3 — val owner: String
            constructor this :4 — def this(owner: String)
            method add :5 — def add(item: Item): Cart
            type_parameter Line :6 — type Line = (Item, Int)
          interface Event :8 — sealed trait Event
          object Cleared :9 — case object Cleared extends Event
        """,
    )


def test_scala3_enums_extensions_and_givens() -> None:
    check(
        "scala",
        """\
        enum Planet(mass: Double):
          case Mercury extends Planet(3.3e23)
          case Venus, Earth extends Planet(6e24)
          def gravity: Double = mass

        extension (s: String)
          def shout: String = s.toUpperCase
          def whisper: String = s.toLowerCase

        extension [A](xs: List[A]) def second: A = xs(1)

        given intOrd: Ordering[Int] = Ordering.Int

        given listShow: Show[List[Int]] with
          def show(xs: List[Int]): String = xs.mkString

        opaque type Meters = Double
        """,
        """
        enum Planet :1 — enum Planet(mass: Double)
          enum_member Mercury :2 — Mercury extends Planet(3.3e23)
          enum_member Venus :3 — Venus
          enum_member Earth :3 — Earth extends Planet(6e24)
          method gravity :4 — def gravity: Double
        function shout :7 (in String) — def shout: String
        function whisper :8 (in String) — def whisper: String
        function second :10 (in List) — def second: A
        variable intOrd :12 — given intOrd: Ordering[Int]
        object listShow :14 — given listShow: Show[List[Int]]
          method show :15 — def show(xs: List[Int]): String
        type_parameter Meters :17 — opaque type Meters = Double
        """,
    )
