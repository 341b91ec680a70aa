export interface WidgetOptions {
  label: string;
}

export class WidgetRegistry {
  private widgets = new Map<string, WidgetOptions>();

  register(name: string, options: WidgetOptions): void {
    this.widgets.set(name, options);
  }
}

export function createWidgetRegistry(): WidgetRegistry {
  return new WidgetRegistry();
}
