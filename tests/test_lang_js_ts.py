"""JavaScript, TypeScript and TSX extraction: the rules a fixture does not pin down."""

from __future__ import annotations

from ragex_lsp.queries import load_query
from tests.extract_helpers import EXTRACTOR, check

# --- JavaScript ----------------------------------------------------------


def test_js_bound_functions_constants_and_variables() -> None:
    # a one-declarator `const f = () => ...` is a function spanning the whole
    # statement; several declarators are plain variables; ALL_CAPS is a constant
    check(
        "javascript",
        """\
        export const load = async (path, { strict = false } = {}) => read(path);
        const parse = function parseJson(text) { return JSON.parse(text); };
        var gen = function* () {};
        const MAX_SIZE = 1 << 20, ratio = 0.5;
        let a = () => 1, b = 2;
        var legacy;
        export let current = null;
        const Base = class extends Object {};
        const { x, y } = point;
        """,
        """\
        function load :1 — export const load = async (path, { strict = false } = {})
        function parse :2 — const parse = function parseJson(text)
        variable gen :3 — gen
        constant MAX_SIZE :4 — MAX_SIZE
        variable ratio :4 — ratio
        variable a :5 — a
        variable b :5 — b
        variable legacy :6 — legacy
        variable current :7 — current
        class Base :8 — const Base = class extends Object
        """,
    )


def test_js_class_members() -> None:
    check(
        "javascript",
        """\
        @sealed
        export class Store extends Base {
          static count = 0;
          #items = new Map();
          onChange = (event) => this.emit(event);
          constructor(root) { super(); this.root = root; }
          get size() { return this.#items.size; }
          set size(value) {}
          static async *entries() {}
          [Symbol.iterator]() {}
          get() {}
          static { Store.count = 1; }
        }
        """,
        """\
        class Store :1 — @sealed export class Store extends Base
          field count :3 — static count
          field #items :4 — #items
          method onChange :5 — onChange = (event)
          constructor constructor :6 — constructor(root)
          property size :7 — get size()
          property size :8 — set size(value)
          method entries :9 — static async *entries()
          method [Symbol.iterator] :10 — [Symbol.iterator]()
          method get :11 — get()
        """,
    )


def test_js_no_locals_but_nested_functions() -> None:
    # locals go, nested functions stay; callbacks are not definitions, and
    # neither are the locals and callback objects inside them, even at the
    # top level (test suites, IIFEs)
    check(
        "javascript",
        """\
        function outer(items) {
          const total = 0;
          let seen = new Set();
          function visit(item) { seen.add(item); }
          const score = (item) => item.weight;
          items.forEach((item) => visit(item));
          return { total, next: () => 1 };
        }
        describe("store", () => {
          const fixture = { name: "a" };
          let store;
          it("works", function () {});
        });
        (function () {
          var hidden = 1;
        })();
        for (let i = 0; i < 3; i++) {}
        """,
        """\
        function outer :1
          function visit :4
          function score :5
        """,
    )


def test_js_object_literals_bound_to_top_level_variables() -> None:
    check(
        "javascript",
        """\
        export const api = {
          base: "/v1",
          get: (url) => fetch(url),
          post: function (url, body) {},
          async put(url) {},
          nested: { deep: () => 1 },
          "Content-Type": "application/json",
          retry,
        };
        const STATES = { NONE: -1, ROTATE: 0 };
        """,
        """\
        variable api :1 — api
          field base :2 — base
          method get :3 — get: (url)
          method post :4 — post: function (url, body)
          method put :5 — async put(url)
          field nested :6 — nested
          field Content-Type :7 — "Content-Type"
          field retry :8 — retry
        constant STATES :10 — STATES
          field NONE :10 — NONE
          field ROTATE :10 — ROTATE
        """,
    )


def test_js_commonjs_and_prototypes() -> None:
    check(
        "javascript",
        """\
        function Queue() { this.items = []; }
        Queue.prototype.push = function (item) { this.items.push(item); };
        Queue.from = function (items) { return new Queue(); };
        Queue.defaults = { size: 10 };
        exports.create = function () { return new Queue(); };
        exports.empty = () => new Queue();
        module.exports.Queue = function () {};
        module.exports = { version: "1.0", isQueue(q) {}, size: (q) => q.items.length };
        """,
        """\
        function Queue :1 — function Queue()
        method push :2 (in Queue) — Queue.prototype.push = function (item)
        method from :3 (in Queue) — Queue.from = function (items)
        field defaults :4 (in Queue) — Queue.defaults
          field size :4 — size
        function create :5 — exports.create = function ()
        function empty :6 — exports.empty = ()
        function Queue :7 — module.exports.Queue = function ()
        variable version :8 — version
        function isQueue :8 — isQueue(q)
        function size :8 — size: (q)
        """,
    )


def test_js_export_default_and_jsx_components() -> None:
    check(
        "javascript",
        """\
        export default function () {}
        export const Button = ({ label, onClick }) => <button onClick={onClick}>{label}</button>;
        function App() {
          const [n, setN] = useState(0);
          const inc = () => setN(n + 1);
          return <Button label={`n = ${n}`} onClick={inc} />;
        }
        """,
        """\
        function default :1 — export default function ()
        function Button :2 — export const Button = ({ label, onClick })
        function App :3 — function App()
          function inc :5 — const inc = ()
        """,
    )
    check(
        "javascript",
        """\
        export default class extends Base {}
        export default { data() { return {}; }, computed: { total() {} } };
        """,
        """\
        class default :1
        function data :2
        method total :2
        """,
    )


def test_js_ranges_include_export_and_decorators() -> None:
    source = b"@dec\nexport class A {}\nexport const f = () => 1;\nconst x = 1, y = 2;\n"
    a, f, x, y = EXTRACTOR.extract("javascript", source)
    assert (a.name, a.start_line, a.start_col, a.name_line) == ("A", 0, 0, 1)
    assert (f.name, f.start_line, f.start_col, f.end_col) == ("f", 2, 0, 25)  # with the `;`
    assert (x.name, x.start_col, x.end_col) == ("x", 6, 11)  # a declarator spans itself
    assert (y.name, y.start_col, y.end_col) == ("y", 13, 18)


# --- TypeScript ----------------------------------------------------------


def test_ts_interfaces_type_aliases_and_enums() -> None:
    check(
        "typescript",
        """\
        export interface Repo<T> extends Base {
          readonly id: string;
          find?(id: string): T | undefined;
          [key: string]: unknown;
          (query: string): T[];
          new (name: string): Repo<T>;
        }
        type Id = string;
        export type Page<T> = { items: T[]; next(): Page<T> | null };
        type Handler = (event: Event) => void;
        export const enum Color { Red = "red", Green = "grün", Blue }
        """,
        """\
        interface Repo :1 — export interface Repo<T> extends Base
          field id :2 — readonly id: string
          method find :3 — find?(id: string): T | undefined
          constructor new :6 — new (name: string): Repo<T>
        type_parameter Id :8 — type Id
        type_parameter Page :9 — export type Page<T>
          field items :9 — items: T[]
          method next :9 — next(): Page<T> | null
        type_parameter Handler :10 — type Handler
        enum Color :11 — export const enum Color
          enum_member Red :11 — Red = "red"
          enum_member Green :11 — Green = "grün"
          enum_member Blue :11 — Blue
        """,
    )


def test_ts_classes_abstract_overloads_and_parameter_properties() -> None:
    # overload signatures are listed each; constructor parameter properties
    # are not fields (they sit inside the constructor)
    check(
        "typescript",
        """\
        @Injectable({ providedIn: "root" })
        export abstract class Service<T> implements OnInit {
          private static instance?: Service<unknown>;
          protected abstract readonly name: string;
          handle = async (req: Request): Promise<Response> => this.route(req);
          constructor(private readonly http: HttpClient) { super(); }
          abstract route(req: Request): Promise<Response>;
          get(id: number): T;
          get(ids: number[]): T[];
          get(arg: number | number[]): T | T[] { return this.load(arg); }
          accessor ready = false;
        }
        """,
        """\
        class Service :1 — @Injectable({ providedIn: "root" }) export abstract class Service<T> implements OnInit
          field instance :3 — private static instance?: Service<unknown>
          field name :4 — protected abstract readonly name: string
          method handle :5 — handle = async (req: Request): Promise<Response>
          constructor constructor :6 — constructor(private readonly http: HttpClient)
          method route :7 — abstract route(req: Request): Promise<Response>
          method get :8 — get(id: number): T
          method get :9 — get(ids: number[]): T[]
          method get :10 — get(arg: number | number[]): T | T[]
          field ready :11 — accessor ready
        """,
    )


def test_ts_namespaces_and_ambient_declarations() -> None:
    # namespaces keep functions as functions and their variables; ambient
    # `declare` forms are definitions like any other
    check(
        "typescript",
        """\
        export namespace Geometry.Shapes {
          export const ORIGIN = { x: 0, y: 0 };
          let count = 0;
          export function area(shape: Shape): number { return 0; }
          namespace Internal { export type Cache = Map<string, number>; }
        }
        declare module "express" {
          interface Request { user?: User; }
          export function json(): Handler;
        }
        declare global {
          var __DEV__: boolean;
        }
        declare const VERSION: string;
        export declare function sum(...n: number[]): number;
        declare var Widget: { prototype: Widget; new (): Widget };
        """,
        """\
        namespace Geometry.Shapes :1 — export namespace Geometry.Shapes
          constant ORIGIN :2 — ORIGIN
            field x :2 — x
            field y :2 — y
          variable count :3 — count
          function area :4 — export function area(shape: Shape): number
          namespace Internal :5 — namespace Internal
            type_parameter Cache :5 — export type Cache
        namespace "express" :7 — declare module "express"
          interface Request :8 — interface Request
            field user :8 — user?: User
          function json :9 — export function json(): Handler
        constant VERSION :14 — VERSION: string
        function sum :15 — export declare function sum(...n: number[]): number
        variable Widget :16 — Widget: { prototype: Widget; new (): Widget }
          constructor new :16 — new (): Widget
        """,
    )


def test_ts_typed_variables_and_const_objects() -> None:
    check(
        "typescript",
        """\
        export const config: Config = { retries: 3, backoff: (n: number) => n * 2 };
        export const KEYS = { up: "ArrowUp", down: "ArrowDown" } as const;
        const routes = { home: "/" } satisfies Routes;
        export const handler: Handler = async (event) => ({ ok: true });
        let cache: Map<string, number> | undefined;
        """,
        """\
        variable config :1 — config: Config
          field retries :1 — retries
          method backoff :1 — backoff: (n: number)
        constant KEYS :2 — KEYS
          field up :2 — up
          field down :2 — down
        variable routes :3 — routes
          field home :3 — home
        function handler :4 — export const handler: Handler = async (event)
        variable cache :5 — cache: Map<string, number> | undefined
        """,
    )


def test_ts_generic_arrow_functions_and_default_exports() -> None:
    check(
        "typescript",
        """\
        export const identity = <T,>(value: T): T => value;
        export default async function* (source: AsyncIterable<number>) {}
        export function* range(start: number, end?: number): Generator<number> {}
        """,
        """\
        function identity :1 — export const identity = <T,>(value: T): T
        function default :2 — export default async function* (source: AsyncIterable<number>)
        function range :3 — export function* range(start: number, end?: number): Generator<number>
        """,
    )


# --- TSX -----------------------------------------------------------------


def test_tsx_components() -> None:
    check(
        "tsx",
        """\
        type Props = { label: string; onClick?: () => void };
        export function Button({ label, onClick }: Props) {
          const handle = () => onClick?.();
          return <button onClick={handle}>{label}</button>;
        }
        export const Icon: React.FC<{ name: string }> = ({ name }) => <i className={name} />;
        export const Memo = React.memo(Button);
        export default class Page extends React.Component<Props> {
          render() { return <Button label="Über" />; }
        }
        """,
        """\
        type_parameter Props :1 — type Props
          field label :1 — label: string
          field onClick :1 — onClick?: () => void
        function Button :2 — export function Button({ label, onClick }: Props)
          function handle :3 — const handle = ()
        function Icon :6 — export const Icon: React.FC<{ name: string }> = ({ name })
        variable Memo :7 — Memo
        class Page :8 — export default class Page extends React.Component<Props>
          method render :9 — render()
        """,
    )


def test_tsx_query_inherits_the_typescript_query() -> None:
    assert load_query("tsx").startswith(load_query("typescript"))
    assert "; inherits: typescript" in load_query("tsx")
