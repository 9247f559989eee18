const APP = 'Flask-Chat';

/** The tab's title: the unread count first, so that it shows in a narrow tab, then where one is: "(3) #general · Flask-Chat". */
export function documentTitle(unread: number, place: string | null): string {
  const count = unread > 0 ? `(${unread > 999 ? '999+' : unread}) ` : '';
  return `${count}${place ? `${place} · ` : ''}${APP}`;
}
