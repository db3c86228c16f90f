import { Paper } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { Page } from "../../components/Page";
import { incidentKeys } from "./api";
import { IncidentForm } from "./IncidentForm";

export function DeclareIncidentPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Page
      title="Declare incident"
      description="Record what is known now; everything can be completed later. The NIS2 clocks run from the time of awareness."
    >
      <Paper withBorder p="md" maw={960}>
        <IncidentForm
          onSaved={(i) => {
            void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
            navigate(`/incidents/${i.id}?tab=assessment`);
          }}
          onCancel={() => navigate("/incidents/list")}
        />
      </Paper>
    </Page>
  );
}
