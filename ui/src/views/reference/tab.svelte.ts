// The open tab of Справочники, kept outside the view so that another screen
// can open a tab (the control screen's backup warning opens «Резервные копии»).
export type RefTab =
  | "blocks" | "persons" | "settlements" | "topics" | "channels"
  | "rules" | "calendar" | "numbering" | "notifications" | "backups" | "office";

class ReferenceTab {
  tab = $state<RefTab>("blocks");
}

export const referenceTab = new ReferenceTab();
