import { ActionIcon, Alert, Badge, Button, Group, Menu, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDots, IconDeviceMobileOff, IconKey, IconLockOpen, IconPlayerPlay, IconPlayerStop, IconUserCog, IconUserPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { keys, useRoles, useUsers } from "../../api/queries";
import type { User } from "../../api/types";
import { useSession } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime, roleLabels } from "../../components/format";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { Page } from "../../components/Page";
import { ChangeRoleForm, customerOptions, InviteUserForm } from "./UserForms";

type Dialog =
  | { kind: "invite" }
  | { kind: "created"; user: User; password: string | null }
  | { kind: "role"; user: User }
  | { kind: "reset"; user: User; password?: string; busy?: boolean; error?: string }
  | { kind: "status"; user: User; busy?: boolean; error?: string }
  | { kind: "second-factor"; user: User; busy?: boolean; error?: string };

function StatusBadges({ user }: { user: User }) {
  return (
    <Group gap={4}>
      <Badge color={user.status === "active" ? "teal" : "gray"} variant="light" radius="sm">
        {user.status === "active" ? "Active" : "Disabled"}
      </Badge>
      {user.locked && (
        <Badge color="orange" variant="light" radius="sm">
          Locked
        </Badge>
      )}
      {user.mustChangePassword && (
        <Badge color="blue" variant="light" radius="sm" title="Signs in with a one-time password and must choose a new one">
          One-time password
        </Badge>
      )}
    </Group>
  );
}

export function UsersPage() {
  const { user: me } = useSession();
  const users = useUsers();
  const roleInfo = useRoles();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const customers = customerOptions(users.data ?? []);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.users });
  const close = () => setDialog(null);

  const unlock = async (u: User) => {
    try {
      await api.post(`/api/users/${encodeURIComponent(u.id)}/unlock`);
      await refresh();
      notifications.show({ color: "teal", title: "Account unlocked", message: `${u.name} can sign in again.` });
    } catch (err) {
      notifications.show({ color: "red", title: "Not unlocked", message: errorMessage(err) });
    }
  };

  const resetPassword = async (u: User) => {
    setDialog({ kind: "reset", user: u, busy: true });
    try {
      const r = await api.post<{ temporaryPassword: string }>(`/api/users/${encodeURIComponent(u.id)}/reset-password`);
      setDialog({ kind: "reset", user: u, password: r.temporaryPassword });
      await refresh();
    } catch (err) {
      setDialog({ kind: "reset", user: u, error: errorMessage(err) });
    }
  };

  const toggleStatus = async (u: User) => {
    setDialog({ kind: "status", user: u, busy: true });
    try {
      const next = u.status === "active" ? "disabled" : "active";
      await api.patch<User>(`/api/users/${encodeURIComponent(u.id)}`, { status: next });
      await refresh();
      close();
      notifications.show({ color: "teal", title: next === "active" ? "Account enabled" : "Account disabled", message: u.name });
    } catch (err) {
      setDialog({ kind: "status", user: u, error: errorMessage(err) });
    }
  };

  const resetSecondFactor = async (u: User) => {
    setDialog({ kind: "second-factor", user: u, busy: true });
    try {
      await api.post<User>(`/api/users/${encodeURIComponent(u.id)}/second-factor/reset`);
      close();
      notifications.show({ color: "teal", title: "Second factor reset", message: `${u.name} signs in with the password alone, or sets up a new app where the role requires one.` });
    } catch (err) {
      setDialog({ kind: "second-factor", user: u, error: errorMessage(err) });
    }
  };

  const columns: Column<User>[] = [
    {
      accessor: "name",
      title: "Name",
      sortable: true,
      render: (u) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {u.name}
            {u.id === me.id ? " (you)" : ""}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </Stack>
      ),
    },
    { accessor: "role", title: "Role", sortable: true, render: (u) => roleLabels[u.role] },
    { accessor: "status", title: "Status", sortable: true, render: (u) => <StatusBadges user={u} /> },
    { accessor: "lastLoginAt", title: "Last sign-in", sortable: true, render: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "Never") },
    { accessor: "createdAt", title: "Created", sortable: true, render: (u) => formatDateTime(u.createdAt) },
    {
      accessor: "actions",
      title: <span className="visually-hidden">Actions</span>,
      textAlign: "right",
      width: 60,
      render: (u) => (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${u.name}`}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => setDialog({ kind: "role", user: u })} disabled={u.id === me.id}>
              Change role…
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => setDialog({ kind: "reset", user: u })}>
              Reset password…
            </Menu.Item>
            <Menu.Item leftSection={<IconDeviceMobileOff size={16} aria-hidden />} onClick={() => setDialog({ kind: "second-factor", user: u })}>
              Reset second factor…
            </Menu.Item>
            {u.locked && (
              <Menu.Item leftSection={<IconLockOpen size={16} aria-hidden />} onClick={() => void unlock(u)}>
                Unlock
              </Menu.Item>
            )}
            <Menu.Item
              leftSection={u.status === "active" ? <IconPlayerStop size={16} aria-hidden /> : <IconPlayerPlay size={16} aria-hidden />}
              color={u.status === "active" ? "red" : undefined}
              onClick={() => setDialog({ kind: "status", user: u })}
              disabled={u.id === me.id}
            >
              {u.status === "active" ? "Disable…" : "Enable…"}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];

  return (
    <Page
      title="Users"
      description="Accounts of your workspace and of your customers' portal users, their roles and status."
      actions={
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: "invite" })}>
          Invite user
        </Button>
      }
    >
      {users.isError && (
        <Alert color="red" role="alert" title="Users could not be loaded">
          {errorMessage(users.error)}
        </Alert>
      )}
      <DataTable
        label="Users"
        records={users.data}
        fetching={users.isPending}
        columns={columns}
        searchText={(u) => [u.name, u.email, roleLabels[u.role], u.status, u.locked ? "locked" : ""].join(" ")}
        filterPlaceholder="Filter by name, e-mail, role or status"
        initialSort={{ columnAccessor: "name", direction: "asc" }}
        emptyText="No users."
      />

      <Modal opened={dialog?.kind === "invite"} onClose={close} title="Invite a user">
        <InviteUserForm
          roleInfo={roleInfo.data}
          customers={customers}
          onCancel={close}
          onCreated={(r) => {
            void refresh();
            setDialog({ kind: "created", user: r.user, password: r.temporaryPassword });
          }}
        />
      </Modal>

      <Modal opened={dialog?.kind === "created"} onClose={close} title="User created">
        {dialog?.kind === "created" && (
          <Stack gap="md">
            <Text size="sm">
              {dialog.user.name} ({dialog.user.email}) was created with the role {roleLabels[dialog.user.role]}.
            </Text>
            {dialog.password && (
              <OneTimeSecret
                label="One-time password"
                value={dialog.password}
                note="Give it to the user through a separate channel. It is shown only now; the user chooses a new password at the first sign-in."
              />
            )}
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={dialog?.kind === "role"} onClose={close} title={dialog?.kind === "role" ? `Role of ${dialog.user.name}` : ""}>
        {dialog?.kind === "role" && (
          <ChangeRoleForm
            user={dialog.user}
            roleInfo={roleInfo.data}
            customers={customers}
            onCancel={close}
            onSaved={(u) => {
              void refresh();
              close();
              notifications.show({ color: "teal", title: "Role changed", message: `${u.name} is now ${roleLabels[u.role]}.` });
            }}
          />
        )}
      </Modal>

      <Modal opened={dialog?.kind === "reset"} onClose={close} title={dialog?.kind === "reset" ? `Reset the password of ${dialog.user.name}` : ""}>
        {dialog?.kind === "reset" && (
          <Stack gap="md">
            {dialog.error && (
              <Alert color="red" role="alert" title="Password not reset">
                {dialog.error}
              </Alert>
            )}
            {dialog.password ? (
              <>
                <OneTimeSecret
                  label="One-time password"
                  value={dialog.password}
                  note="The old password no longer works and the user's sessions have ended. The user must choose a new password at the next sign-in. It is shown only now."
                />
                <Group justify="flex-end">
                  <Button onClick={close}>Done</Button>
                </Group>
              </>
            ) : (
              <>
                <Text size="sm">
                  Vigil replaces the password of {dialog.user.email} with a one-time password and signs the user out everywhere. Continue?
                </Text>
                <Group justify="flex-end">
                  <Button variant="default" onClick={close}>
                    Cancel
                  </Button>
                  <Button color="red" loading={dialog.busy} onClick={() => void resetPassword(dialog.user)}>
                    Reset password
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}
      </Modal>

      <Modal opened={dialog?.kind === "second-factor"} onClose={close} title={dialog?.kind === "second-factor" ? `Reset the second factor of ${dialog.user.name}` : ""}>
        {dialog?.kind === "second-factor" && (
          <Stack gap="md">
            {dialog.error && (
              <Alert color="red" role="alert" title="Not reset">
                {dialog.error}
              </Alert>
            )}
            <Text size="sm">
              For a lost or replaced device: Vigil removes the authenticator app and the recovery codes of {dialog.user.email} and signs the user
              out everywhere. Where the role requires a second factor, the user sets up a new app at the next sign-in. Continue?
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button color="red" loading={dialog.busy} onClick={() => void resetSecondFactor(dialog.user)}>
                Reset second factor
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal
        opened={dialog?.kind === "status"}
        onClose={close}
        title={dialog?.kind === "status" ? `${dialog.user.status === "active" ? "Disable" : "Enable"} ${dialog.user.name}` : ""}
      >
        {dialog?.kind === "status" && (
          <Stack gap="md">
            {dialog.error && (
              <Alert color="red" role="alert" title="Not changed">
                {dialog.error}
              </Alert>
            )}
            <Text size="sm">
              {dialog.user.status === "active"
                ? `${dialog.user.email} will no longer be able to sign in, and open sessions end now. API tokens of the account stop working.`
                : `${dialog.user.email} will be able to sign in again.`}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button color={dialog.user.status === "active" ? "red" : undefined} loading={dialog.busy} onClick={() => void toggleStatus(dialog.user)}>
                {dialog.user.status === "active" ? "Disable account" : "Enable account"}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
